package dev.keygate.store.postgres;

import dev.keygate.store.PageRequest;
import io.vertx.sqlclient.Tuple;

/**
 * The tail of a listing query: continue after a known id, skip an offset, take a limit, in (length(id), id) order,
 * which every listing's index serves. Ids are compared by length first so that decimal ids sort numerically.
 */
final class Keyset {

  private Keyset() {}

  /**
   * @param where   the listing's own condition, using parameters {@code $1..$n}
   * @param params  those parameters; the keyset's are appended to it
   */
  static String query(String select, String where, PageRequest page, Tuple params, String idColumn) {
    StringBuilder sql = new StringBuilder(select).append(" WHERE ").append(where);
    String direction = page.ascending() ? "" : " DESC";
    if (page.afterId() != null) {
      params.addString(page.afterId());
      int p = params.size();
      sql.append(" AND (length(").append(idColumn).append("), ").append(idColumn).append(page.ascending() ? ") > " : ") < ")
          .append("(length($").append(p).append("), $").append(p).append("::text)");
    }
    params.addLong((long) page.limit());
    params.addLong(page.offset());
    sql.append(" ORDER BY length(").append(idColumn).append(")").append(direction).append(", ").append(idColumn)
        .append(direction).append(" LIMIT $").append(params.size() - 1).append(" OFFSET $").append(params.size());
    return sql.toString();
  }
}
