package dev.keygate.gateway.zitadel;

import dev.keygate.store.PageRequest;
import dev.keygate.store.TextMatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * ZITADEL's {@code ListQuery {offset, limit, asc}}: offset-paged, newest first unless {@code asc}; and the
 * {@code queries} of a project or app list, each a {@code nameQuery {name, method}} (the contract lets no other kind
 * through), combined with AND.
 */
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

  /** The name searches of {@code queries}: every one must match. */
  static List<TextMatch> names(JsonObject body) {
    List<TextMatch> names = new ArrayList<>();
    for (Object query : body.getJsonArray("queries", new JsonArray())) {
      JsonObject byName = ((JsonObject) query).getJsonObject("nameQuery");
      names.add(TextQueries.match(byName.getString("name"), byName.getString("method")));
    }
    return names;
  }
}
