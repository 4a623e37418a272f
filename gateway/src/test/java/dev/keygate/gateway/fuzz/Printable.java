package dev.keygate.gateway.fuzz;

import java.nio.charset.StandardCharsets;

/** Bytes as text a developer can read and paste: escapes for what is not printable, long runs shortened. */
final class Printable {

  private static final int RUN = 12;

  private Printable() {}

  /** {@code text} (one byte per char) escaped, runs of one character written {@code a×10000}, cut at {@code max}. */
  static String of(String text, int max) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length() && out.length() < max) {
      char c = text.charAt(i);
      int run = 1;
      while (i + run < text.length() && text.charAt(i + run) == c) {
        run++;
      }
      String one = c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff);
      if (run >= RUN) {
        out.append(one).append('\u00d7').append(run);
        i += run;
      } else {
        out.append(one);
        i++;
      }
    }
    if (i < text.length()) {
      out.append("…(").append(text.length()).append(" bytes)");
    }
    return out.toString();
  }

  static String of(byte[] bytes, int max) {
    return bytes == null ? "" : of(new String(bytes, StandardCharsets.ISO_8859_1), max);
  }

  /** A Python 3 bytes expression for {@code bytes}, runs as {@code b'a'*10000}: short, exact, pasteable. */
  static String python(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < bytes.length) {
      byte b = bytes[i];
      int run = 1;
      while (i + run < bytes.length && bytes[i + run] == b) {
        run++;
      }
      if (run >= 32) {
        flush(out, literal);
        out.append(out.length() == 0 ? "" : "+").append("b'").append(escape(b)).append("'*").append(run);
        i += run;
      } else {
        literal.append(escape(b));
        i++;
      }
    }
    flush(out, literal);
    return out.length() == 0 ? "b''" : out.toString();
  }

  private static void flush(StringBuilder out, StringBuilder literal) {
    if (literal.length() > 0) {
      out.append(out.length() == 0 ? "" : "+").append("b'").append(literal).append('\'');
      literal.setLength(0);
    }
  }

  private static String escape(byte b) {
    int c = b & 0xff;
    if (c == '\\' || c == '\'') {
      return "\\" + (char) c;
    }
    if (c >= 0x20 && c < 0x7f) {
      return String.valueOf((char) c);
    }
    return String.format("\\x%02x", c);
  }

  /** The first line of a body, shortened, for grouping and reports. */
  static String firstLine(String body, int max) {
    if (body == null || body.isEmpty()) {
      return "(empty body)";
    }
    String line = body.lines().findFirst().orElse("");
    return line.length() > max ? line.substring(0, max) + "…" : line;
  }
}
