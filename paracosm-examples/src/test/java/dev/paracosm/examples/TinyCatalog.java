package dev.paracosm.examples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a tiny generated product catalog: 6 colours × {dress, shirt, shoe} drawn as a triangle, a
 * rectangle and a low bar on a grey background, ids like {@code red-dress}, with {@code metadata.json}
 * giving {@code category} and {@code price_band}.
 */
final class TinyCatalog {
  static final Map<String, Color> COLOURS = new LinkedHashMap<>();
  static final List<String> CATEGORIES = List.of("dress", "shirt", "shoe");
  static final List<String> PRICE_BANDS = List.of("low", "mid", "high");

  static {
    COLOURS.put("red", new Color(220, 20, 30));
    COLOURS.put("blue", new Color(20, 40, 200));
    COLOURS.put("green", new Color(20, 150, 40));
    COLOURS.put("yellow", new Color(240, 230, 20));
    COLOURS.put("black", new Color(10, 10, 10));
    COLOURS.put("white", new Color(245, 245, 245));
  }

  private TinyCatalog() {}

  /** @return the number of products written by {@link #write} */
  static int size() {
    return COLOURS.size() * CATEGORIES.size();
  }

  /** @return the price band of the product {@code colour-category} */
  static String priceBand(String colour, String category) {
    int c = List.copyOf(COLOURS.keySet()).indexOf(colour);
    return PRICE_BANDS.get((c + CATEGORIES.indexOf(category)) % PRICE_BANDS.size());
  }

  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder json = new StringBuilder("{\n");
    for (Map.Entry<String, Color> colour : COLOURS.entrySet()) {
      for (String category : CATEGORIES) {
        String id = colour.getKey() + "-" + category;
        BufferedImage img = new BufferedImage(64, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, 64, 80);
        g.setColor(colour.getValue());
        switch (category) {
          case "dress" -> g.fillPolygon(new int[] {32, 10, 54}, new int[] {5, 75, 75}, 3);
          case "shirt" -> g.fillRect(10, 15, 45, 51);
          default -> g.fillRect(5, 50, 56, 21);
        }
        g.dispose();
        ImageIO.write(img, "png", dir.resolve(id + ".png").toFile());
        json.append(json.length() > 2 ? ",\n" : "").append("  \"").append(id).append("\": {\"category\": \"")
            .append(category).append("\", \"price_band\": \"").append(priceBand(colour.getKey(), category))
            .append("\"}");
      }
    }
    Files.writeString(dir.resolve("metadata.json"), json.append("\n}\n").toString());
    return dir;
  }
}
