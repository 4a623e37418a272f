package dev.keygate.store.postgres;

import dev.keygate.store.TextMatch;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A listing narrowed by further conditions (a kind, text searches), with the parameters of all its conditions. The
 * listing's own condition stays first, so its index (instance, organization or project, then id) still chooses the
 * rows: a search reads one organization's or project's rows, never another tenant's. No counter holds the size of a
 * search, so its total is counted over the same conditions.
 */
final class Narrowing {

  private final Listing listing;
  private final List<Object> params = new ArrayList<>();
  private final StringBuilder conditions = new StringBuilder();

  /** {@code listing} with the values of its own {@code $1..$n}. */
  Narrowing(Listing listing, Object... listingParams) {
    this.listing = listing;
    params.addAll(List.of(listingParams));
  }

  /** Whether any condition was added: if not, the listing's counter can answer the total. */
  boolean narrowed() {
    return !conditions.isEmpty();
  }

  /** Only the rows whose {@code column} equals {@code value} (none added when it is null). */
  Narrowing equal(String column, Object value) {
    if (value != null) {
      params.add(value);
      conditions.append(" AND ").append(column).append(" = $").append(params.size());
    }
    return this;
  }

  /** Only the rows whose text {@code column} matches every one of {@code matches}. */
  Narrowing matching(String column, List<TextMatch> matches) {
    for (TextMatch match : matches) {
      if (match.text().indexOf('\0') >= 0) {
        // PostgreSQL's text holds no NUL, so nothing matches; sent as a parameter it would fail the statement
        conditions.append(" AND false");
        continue;
      }
      params.add(value(match));
      conditions.append(" AND ").append(condition(column, match, params.size()));
    }
    return this;
  }

  /** The narrowed listing; its parameters are {@link #params()}. */
  Listing listing() {
    return new Listing(listing.select(), listing.where() + conditions, listing.idColumn());
  }

  /** A new tuple of the conditions' parameters (the page appends its keyset's to the one it is given). */
  Tuple params() {
    return Tuple.from(params);
  }

  /** The number of rows of the narrowed listing, as one row with its bigint column {@code n}. */
  String count() {
    return "SELECT count(*) AS n FROM (" + listing.select() + " WHERE " + listing.where() + conditions + ") AS found";
  }

  /**
   * The SQL of one text search on {@code column} with its value at {@code $param}. Ignoring case compares
   * {@code lower()} in the "C" collation, which folds A–Z alone whatever the database's locale ({@link TextMatch}).
   * A plain equality keeps the column's own collation (equal means byte-equal there too), so that a unique index on
   * the name can serve it; every other comparison is bytewise ({@code COLLATE "C"}), as Java's {@code String} compares.
   */
  static String condition(String column, TextMatch match, int param) {
    String field = match.ignoreCase() ? "lower(" + column + " COLLATE \"C\")" : column + " COLLATE \"C\"";
    if (match.method() == TextMatch.Method.EQUALS) {
      return (match.ignoreCase() ? field : column) + " = $" + param;
    }
    return field + " LIKE $" + param + " ESCAPE '\\'";
  }

  /**
   * The value of one text search: the text (case-folded when case is ignored), as a LIKE pattern for everything but
   * equality, its own {@code \}, {@code %} and {@code _} escaped so that they stand for themselves.
   */
  static String value(TextMatch match) {
    String text = match.ignoreCase() ? TextMatch.foldCase(match.text()) : match.text();
    if (match.method() == TextMatch.Method.EQUALS) {
      return text;
    }
    String literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return switch (match.method()) {
      case STARTS_WITH -> literal + "%";
      case CONTAINS -> "%" + literal + "%";
      case ENDS_WITH -> "%" + literal;
      case EQUALS -> throw new IllegalStateException("equality is no pattern");
    };
  }
}
