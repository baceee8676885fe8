package dev.paracosm.eval.report;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.experiment.ResultRecord;
import dev.paracosm.image.ImageData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A self-contained HTML qualitative report: one row per query with the reference image, the
 * modification text, the generated intermediates (mental image, generated texts) and the top-k
 * thumbnails with every ground-truth target marked. Images are inlined as base64 PNG data URIs and
 * the CSS is inline, so the file makes no external request and can be mailed or archived as is.
 */
public final class QualitativeReport {
  /** Longest side of the thumbnails in pixels. */
  public static final int THUMBNAIL = 160;

  private QualitativeReport() {}

  /**
   * One ranked gallery image.
   *
   * @param id gallery id
   * @param image the image, or {@code null} if unavailable (a placeholder is drawn)
   * @param score its score
   * @param target whether it is a ground-truth target
   */
  public record HitView(String id, ImageData image, double score, boolean target) {}

  /**
   * One query row.
   *
   * @param queryId query id
   * @param reference reference image, or {@code null}
   * @param modificationText the modification text
   * @param texts generated texts by name (e.g. {@code t_query}, {@code pefuse_text})
   * @param images generated images by name (e.g. {@code mental_image})
   * @param hits the top-k, best first
   * @param targets ground-truth ids (empty on test splits)
   */
  public record Entry(String queryId, ImageData reference, String modificationText, Map<String, String> texts,
      Map<String, ImageData> images, List<HitView> hits, List<String> targets) {
    /** Copies. */
    public Entry {
      texts = texts == null ? Map.of() : new LinkedHashMap<>(texts);
      images = images == null ? Map.of() : new LinkedHashMap<>(images);
      hits = List.copyOf(hits);
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }

  /**
   * @param modeId a mode id ({@code paracosm}, {@code pefuse_i2i}, ...)
   * @return the names of the generated intermediates that mode uses ({@code mental_image}, {@code
   *     t_query}, {@code pefuse_text}, {@code pefuse_image}); empty for the baselines
   */
  public static java.util.Set<String> intermediatesOf(String modeId) {
    return switch (modeId) {
      case "paracosm" -> java.util.Set.of("mental_image", "t_query");
      case "pefuse_t2i", "pefuse_t2t" -> java.util.Set.of("pefuse_text");
      case "pefuse_i2i", "pefuse_i2t" -> java.util.Set.of("pefuse_text", "pefuse_image");
      default -> java.util.Set.of();
    };
  }

  /**
   * @param <V> value type
   * @param modeId a mode id
   * @param generated generated intermediates by name
   * @return only those the mode uses
   */
  public static <V> Map<String, V> onlyUsedBy(String modeId, Map<String, V> generated) {
    java.util.Set<String> keep = intermediatesOf(modeId);
    Map<String, V> out = new LinkedHashMap<>();
    generated.forEach((k, v) -> {
      if (keep.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * Builds entries from the examples stored in result records, reading the images from their paths.
   *
   * @param record a result record with examples
   * @return one entry per example
   */
  public static List<Entry> entries(ResultRecord record) {
    List<Entry> out = new ArrayList<>();
    for (ResultRecord.Example ex : record.examples()) {
      Map<String, ImageData> images = new LinkedHashMap<>();
      ex.imagePaths().forEach((k, p) -> images.put(k, readOrNull(p)));
      List<HitView> hits = new ArrayList<>();
      for (int i = 0; i < ex.ranked().size(); i++) {
        String id = ex.ranked().get(i);
        String p = ex.rankedPaths().get(id);
        double score = i < ex.scores().size() ? ex.scores().get(i) : Double.NaN;
        hits.add(new HitView(id, p == null ? null : readOrNull(p), score, ex.targets().contains(id)));
      }
      out.add(new Entry(ex.queryId(), ex.referencePath() == null ? null : readOrNull(ex.referencePath()),
          ex.modificationText(), ex.texts(), images, hits, ex.targets()));
    }
    return out;
  }

  private static ImageData readOrNull(String path) {
    try {
      return ImageData.read(Path.of(path));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Writes the report.
   *
   * @param title page title
   * @param entries query rows
   * @param html output file
   * @throws InvalidInputException if the file cannot be written
   */
  public static void write(String title, List<Entry> entries, Path html) {
    try {
      Path parent = html.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(html, render(title, entries), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot write HTML report " + html + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param title page title
   * @param entries query rows
   * @return the HTML document
   */
  public static String render(String title, List<Entry> entries) {
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
            + "style-src 'unsafe-inline'\">")
        .append("<title>").append(esc(title)).append("</title><style>")
        .append("body{font-family:sans-serif;margin:16px;background:#f7f7f9;color:#222}")
        .append("h1{font-size:20px;margin:0 0 12px}")
        .append("table{border-collapse:collapse;width:100%;background:#fff}")
        .append("td,th{border:1px solid #ccd;padding:6px;vertical-align:top;text-align:left}")
        .append("th{background:#2b4c7e;color:#fff}td.topk{width:58%}td.gen{width:16%}")
        .append(".mod{font-weight:bold;color:#7a2b00}.gen{font-size:12px;color:#335}")
        .append(".hits{display:flex;flex-wrap:wrap;gap:6px}")
        .append(".hit{border:3px solid #ddd;padding:2px;width:").append(THUMBNAIL + 6).append("px;font-size:11px;background:#fafafa}")
        .append(".hit.target{border-color:#1a9b32;background:#e3f7e6}")
        .append(".hit .badge{display:none;color:#fff;background:#1a9b32;padding:0 4px;border-radius:3px}")
        .append(".hit.target .badge{display:inline}")
        .append(".missing{width:").append(THUMBNAIL).append("px;height:").append(THUMBNAIL / 2)
        .append("px;background:#ccc;display:flex;align-items:center;justify-content:center}")
        .append("img{display:block;max-width:").append(THUMBNAIL).append("px;max-height:").append(THUMBNAIL).append("px}")
        .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n")
        .append("<table id=\"queries\"><thead><tr><th>query</th><th>reference</th><th>modification</th>")
        .append("<th>generated</th><th>top-").append(entries.stream().mapToInt(e -> e.hits().size()).max().orElse(0))
        .append(" (target marked)</th></tr></thead><tbody>\n");
    for (Entry e : entries) {
      boolean found = e.hits().stream().anyMatch(HitView::target);
      sb.append("<tr class=\"query\" data-query-id=\"").append(esc(e.queryId())).append("\" data-target-found=\"")
          .append(found).append("\"><td>").append(esc(e.queryId())).append("</td><td>").append(img(e.reference(), "reference"))
          .append("</td><td class=\"mod\">").append(esc(e.modificationText())).append("</td><td class=\"gen\">");
      e.images().forEach((name, im) -> sb.append("<div>").append(esc(name)).append(img(im, name)).append("</div>"));
      e.texts().forEach((name, t) -> sb.append("<div><b>").append(esc(name)).append(":</b> ").append(esc(t)).append("</div>"));
      if (!e.targets().isEmpty()) {
        sb.append("<div>target: ").append(esc(String.join(", ", e.targets()))).append("</div>");
      }
      sb.append("</td><td class=\"topk\"><div class=\"hits\">");
      int rank = 1;
      for (HitView h : e.hits()) {
        sb.append("<div class=\"hit").append(h.target() ? " target" : "").append("\" data-id=\"").append(esc(h.id()))
            .append("\">").append(img(h.image(), h.id())).append("<div>#").append(rank++).append(' ')
            .append(esc(h.id())).append(String.format(Locale.ROOT, " (%.3f)", h.score()))
            .append(" <span class=\"badge\">✓ target</span></div></div>");
      }
      sb.append("</div></td></tr>\n");
    }
    sb.append("</tbody></table>\n</body></html>\n");
    return sb.toString();
  }

  private static String img(ImageData image, String alt) {
    if (image == null) {
      return "<div class=\"missing\">no image</div>";
    }
    String uri = thumbnailDataUri(image);
    return uri == null ? "<div class=\"missing\">unreadable</div>"
        : "<img alt=\"" + esc(alt) + "\" src=\"" + uri + "\">";
  }

  /**
   * @param image an image
   * @return a {@code data:image/png;base64,...} URI of its thumbnail, or {@code null} if it cannot be decoded
   */
  static String thumbnailDataUri(ImageData image) {
    BufferedImage src;
    try {
      src = image.decode();
    } catch (RuntimeException e) {
      return null;
    }
    if (src == null) {
      return null;
    }
    // shrink large images to the thumbnail size; enlarge tiny ones (e.g. 4-pixel test images) to be visible
    int longest = Math.max(src.getWidth(), src.getHeight());
    double scale = longest > THUMBNAIL ? (double) THUMBNAIL / longest : longest < 64 ? 64.0 / longest : 1.0;
    int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(src.getHeight() * scale));
    BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(dst, "png", out);
    } catch (IOException e) {
      return null;
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
