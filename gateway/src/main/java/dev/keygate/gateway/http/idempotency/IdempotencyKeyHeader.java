package dev.keygate.gateway.http.idempotency;

/**
 * Reads an {@code Idempotency-Key} header. The IETF httpapi draft makes it a Structured Field Item whose value is a
 * String (RFC 8941, section 3.3.3): {@code "…"} of printable ASCII, with {@code \"} and {@code \\} as the only
 * escapes. Many clients send the bare value (a UUID without quotes), so a bare value of printable ASCII without quotes,
 * backslashes, commas, semicolons or spaces is taken as the same key; parameters after a quoted string are ignored.
 * The key has 1 to {@value #MAX_LENGTH} characters.
 */
final class IdempotencyKeyHeader {

  static final int MAX_LENGTH = 255;

  private IdempotencyKeyHeader() {}

  /** The key, or null when the header is not a valid one. */
  static String parse(String header) {
    String value = header.strip();
    if (value.length() > MAX_LENGTH + 2 + 64) { // room for quotes and a few parameters, and no more
      return null;
    }
    String key = value.startsWith("\"") ? quoted(value) : bare(value);
    return key == null || key.isEmpty() || key.length() > MAX_LENGTH ? null : key;
  }

  private static String quoted(String value) {
    StringBuilder key = new StringBuilder(value.length());
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        if (++i == value.length() || (value.charAt(i) != '"' && value.charAt(i) != '\\')) {
          return null;
        }
        key.append(value.charAt(i));
      } else if (c == '"') {
        String rest = value.substring(i + 1).strip();
        return rest.isEmpty() || rest.startsWith(";") ? key.toString() : null;
      } else if (c < 0x20 || c > 0x7e) {
        return null;
      } else {
        key.append(c);
      }
    }
    return null; // no closing quote
  }

  private static String bare(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c > 0x7e || c == '"' || c == '\\' || c == ',' || c == ';') {
        return null;
      }
    }
    return value;
  }
}
