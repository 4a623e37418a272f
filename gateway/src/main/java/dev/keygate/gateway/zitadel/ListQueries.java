package dev.keygate.gateway.zitadel;

import dev.keygate.store.PageRequest;
import io.vertx.core.json.JsonObject;

/** ZITADEL's {@code ListQuery {offset, limit, asc}}: offset-paged, newest first unless {@code asc}. */
final class ListQueries {

  static final int DEFAULT_LIMIT = 100;

  private ListQueries() {}

  static PageRequest from(JsonObject body) {
    JsonObject query = body.getJsonObject("query", new JsonObject());
    Object offsetValue = query.getValue("offset");
    long offset = offsetValue == null ? 0 : Long.parseLong(offsetValue.toString());
    int limit = query.getInteger("limit", 0);
    return new PageRequest(null, offset, limit == 0 ? DEFAULT_LIMIT : limit, query.getBoolean("asc", false));
  }
}
