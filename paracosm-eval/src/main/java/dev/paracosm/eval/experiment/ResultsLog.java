package dev.paracosm.eval.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines results file: one {@link ResultRecord} per line, each line fsynced as it
 * is written. Opening for append repairs a torn last line (a crash mid-write) by cutting it off, so
 * the point it held is simply run again.
 */
public final class ResultsLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsLog.class);
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final Path file;
  private final FileChannel channel;
  private final List<ResultRecord> records;
  private final Set<String> keys = new LinkedHashSet<>();

  private ResultsLog(Path file, FileChannel channel, List<ResultRecord> records) {
    this.file = file;
    this.channel = channel;
    this.records = new ArrayList<>(records);
    records.forEach(r -> keys.add(r.key()));
  }

  /**
   * Opens (creating if needed) a results file for appending, cutting off a torn last line.
   *
   * @param file the JSONL file
   * @return the log
   * @throws FormatCorruptException if a complete line is not a result record
   */
  public static ResultsLog open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      try {
        byte[] all = Files.readAllBytes(file);
        int lastNewline = -1;
        for (int i = all.length - 1; i >= 0; i--) {
          if (all[i] == '\n') {
            lastNewline = i;
            break;
          }
        }
        if (lastNewline + 1 < all.length) {
          LOG.warn("Results file {} ends with a torn line ({} bytes); cutting it off, that point will run again",
              file, all.length - lastNewline - 1);
          ch.truncate(lastNewline + 1);
          ch.force(true);
        }
        List<ResultRecord> recs = parse(new String(all, 0, lastNewline + 1, StandardCharsets.UTF_8), file, false);
        ch.position(ch.size());
        return new ResultsLog(file, ch, recs);
      } catch (RuntimeException | IOException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new InvalidInputException("Cannot open results file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads every complete record of a results file (a torn last line is ignored).
   *
   * @param file the JSONL file
   * @return the records in file order
   * @throws InvalidInputException if the file cannot be read
   * @throws FormatCorruptException if a complete line is not a result record
   */
  public static List<ResultRecord> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read results file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file, true);
  }

  private static List<ResultRecord> parse(String text, Path file, boolean tolerateTornTail) {
    List<ResultRecord> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      boolean last = i == lines.length - 1;
      try {
        ResultRecord r = JSON.readValue(line, ResultRecord.class);
        if (r.key() == null) {
          throw new FormatCorruptException("Results file " + file + " line " + (i + 1) + " has no 'key'");
        }
        out.add(r);
      } catch (JsonProcessingException e) {
        if (last && tolerateTornTail) {
          LOG.warn("Ignoring torn last line {} of results file {}", i + 1, file);
          continue;
        }
        throw new FormatCorruptException("Results file " + file + " line " + (i + 1) + " is not a result record: "
            + e.getOriginalMessage(), e);
      }
    }
    return out;
  }

  /** @return the file */
  public Path file() {
    return file;
  }

  /**
   * @param key a point key
   * @return whether the file already holds that point
   */
  public synchronized boolean contains(String key) {
    return keys.contains(key);
  }

  /** @return the records read at open plus those appended since */
  public synchronized List<ResultRecord> records() {
    return List.copyOf(records);
  }

  /**
   * Appends one record as a single line and forces it to disk.
   *
   * @param record the record
   */
  public synchronized void append(ResultRecord record) {
    try {
      byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(true);
      records.add(record);
      keys.add(record.key());
    } catch (IOException e) {
      throw new InvalidInputException("Cannot append to results file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Closing results file {} failed: {}", file, e.toString());
    }
  }
}
