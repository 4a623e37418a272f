package dev.keygate.gateway.zitadel;

import dev.keygate.store.TextMatch;

/**
 * ZITADEL's text searches: a text and a method, {@code TextQueryMethod} ({@code TEXT_QUERY_METHOD_…}: v1, user and
 * organization v2) or {@code TextFilterMethod} ({@code TEXT_FILTER_METHOD_…}: project and application v2), both
 * EQUALS, STARTS_WITH, CONTAINS or ENDS_WITH, each also {@code _IGNORE_CASE}. Unset is EQUALS, as protobuf's zero.
 * The contracts let only those names through (a number has become its name by then).
 */
public final class TextQueries {

  private static final String IGNORE_CASE = "_IGNORE_CASE";

  private TextQueries() {}

  /** The search for {@code text} (null: empty) by {@code method}, a name of either enum (null: EQUALS). */
  public static TextMatch match(String text, String method) {
    String name = method == null ? "EQUALS"
        : method.replaceFirst("^TEXT_(QUERY|FILTER)_METHOD_", "");
    boolean ignoreCase = name.endsWith(IGNORE_CASE);
    if (ignoreCase) {
      name = name.substring(0, name.length() - IGNORE_CASE.length());
    }
    return new TextMatch(text == null ? "" : text, TextMatch.Method.valueOf(name), ignoreCase);
  }
}
