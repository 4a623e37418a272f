package dev.keygate.store.postgres;

import dev.keygate.store.PageRequest;
import io.vertx.sqlclient.Tuple;

/**
 * A listing's query: its rows ({@code select}), its own condition ({@code where}, over parameters {@code $1..$n}) and
 * the id column it pages by. A page continues after a known id, skips an offset and takes a limit, in
 * (length(id), id) order, which every listing's index serves. Ids are compared by length first so that decimal ids
 * sort numerically.
 */
record Listing(String select, String where, String idColumn) {

  /** The page's statement; the keyset's parameters are appended to {@code params}. */
  String query(PageRequest page, Tuple params) {
    StringBuilder sql = new StringBuilder(select).append(" WHERE ").append(where);
    String direction = page.ascending() ? "" : " DESC";
    if (page.afterId() != null) {
      params.addString(page.afterId());
      int p = params.size();
      sql.append(" AND (length(").append(idColumn).append("), ").append(idColumn)
          .append(page.ascending() ? ") > " : ") < ").append("(length($").append(p).append("), $").append(p)
          .append("::text)");
    }
    params.addLong((long) page.limit());
    params.addLong(page.offset());
    sql.append(" ORDER BY length(").append(idColumn).append(")").append(direction).append(", ").append(idColumn)
        .append(direction).append(" LIMIT $").append(params.size() - 1).append(" OFFSET $").append(params.size());
    return sql.toString();
  }
}
