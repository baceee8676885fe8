package dev.paracosm.models.tokenize;

/** Python {@code str} semantics needed to mirror transformers' slow tokenizers. */
final class PyText {
  private PyText() {}

  /** Python's {@code str.isspace()} / regex {@code \s} on str (Py_UNICODE_ISSPACE). */
  static boolean isSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || (cp >= 0x1C && cp <= 0x20)
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** Python's {@code c.lower()} of a single character (full case mapping, no context). */
  static String lowerChar(int cp) {
    if (cp == 0x130) {
      return "i\u0307";
    }
    return new String(Character.toChars(Character.toLowerCase(cp)));
  }

  static String lstrip(String s) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!isSpace(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  static String rstrip(String s) {
    int j = s.length();
    while (j > 0) {
      int cp = s.codePointBefore(j);
      if (!isSpace(cp)) {
        break;
      }
      j -= Character.charCount(cp);
    }
    return s.substring(0, j);
  }

  static String strip(String s) {
    return lstrip(rstrip(s));
  }
}
