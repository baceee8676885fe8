package dev.paracosm.eval.benchmark;

import dev.paracosm.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** The four GeneCIS tasks; each is one annotation file {@code <id>.json}. */
public enum GeneCisTask {
  /** Focus on an attribute (Visual Genome crops). */
  FOCUS_ATTRIBUTE(true),
  /** Change an attribute (Visual Genome crops). */
  CHANGE_ATTRIBUTE(true),
  /** Focus on an object (COCO val2017 images). */
  FOCUS_OBJECT(false),
  /** Change an object (COCO val2017 images). */
  CHANGE_OBJECT(false);

  private final boolean attribute;

  GeneCisTask(boolean attribute) {
    this.attribute = attribute;
  }

  /** @return whether the images are Visual Genome crops (attribute tasks) rather than COCO images */
  public boolean isAttributeTask() {
    return attribute;
  }

  /** @return the file stem, e.g. {@code change_object} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a task id such as {@code focus_object}
   * @return the task
   * @throws InvalidInputException for an unknown id
   */
  public static GeneCisTask fromId(String id) {
    for (GeneCisTask t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new InvalidInputException(
        "Unknown GeneCIS task '" + id + "'; expected one of " + Arrays.toString(ids()));
  }

  private static String[] ids() {
    return Arrays.stream(values()).map(GeneCisTask::id).toArray(String[]::new);
  }
}
