package dev.keygate.store;

import java.util.List;
import java.util.Objects;

/**
 * A search in a text field of a listing (a name): the field equals, starts with, contains or ends with {@code text},
 * optionally ignoring case. Every character of {@code text} stands for itself: {@code %}, {@code _} and {@code \} are
 * no wildcards, whatever a store matches with.
 *
 * <p>Ignoring case folds the ASCII letters only (A–Z to a–z), in every store alike: PostgreSQL's {@code lower()} folds
 * other letters as the database's locale says (none at all under "C"), and a listing must not answer differently on
 * another store or another database.
 */
public record TextMatch(String text, Method method, boolean ignoreCase) {

  /** Where {@code text} must be found in the field. */
  public enum Method { EQUALS, STARTS_WITH, CONTAINS, ENDS_WITH }

  public TextMatch {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(method, "method");
  }

  /** Whether {@code value} is a match. */
  public boolean matches(String value) {
    if (value == null) {
      return false;
    }
    String field = ignoreCase ? foldCase(value) : value;
    String wanted = ignoreCase ? foldCase(text) : text;
    return switch (method) {
      case EQUALS -> field.equals(wanted);
      case STARTS_WITH -> field.startsWith(wanted);
      case CONTAINS -> field.contains(wanted);
      case ENDS_WITH -> field.endsWith(wanted);
    };
  }

  /** Whether {@code value} matches every one of {@code matches} (none: always). */
  public static boolean all(List<TextMatch> matches, String value) {
    for (TextMatch match : matches) {
      if (!match.matches(value)) {
        return false;
      }
    }
    return true;
  }

  /** {@code value} with A–Z as a–z and every other character as it is: the case folding of {@link #ignoreCase}. */
  public static String foldCase(String value) {
    char[] chars = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = value.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? value : new String(chars);
  }
}
