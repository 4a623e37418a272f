package dev.keygate.gateway.zitadel;

import dev.keygate.store.EventQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * ZITADEL's {@code ListEventsRequest} as a search of the event log, read as ZITADEL's admin API reads it
 * (internal/api/grpc/admin/event.go): a zero or empty field is no filter; {@code sequence} is the cursor, before it
 * newest first and after it with {@code asc}; {@code range} (since, until) wins over {@code from}, which wins over the
 * deprecated {@code creationDate}, and both of those bound the side the order walks towards. The contract has
 * checked every field; a limit of 0 is ZITADEL's default, {@link EventQuery#MAX_LIMIT}.
 */
final class EventQueries {

  private EventQueries() {}

  static EventQuery from(JsonObject body) {
    boolean ascending = body.getBoolean("asc", false);
    int limit = body.getInteger("limit", 0);
    EventQuery query = EventQuery.newestFirst(limit == 0 ? EventQuery.MAX_LIMIT : limit)
        .after(Long.parseLong(String.valueOf(body.getValue("sequence", "0"))))
        .ofTypes(strings(body.getJsonArray("eventTypes")))
        .ofAggregateTypes(strings(body.getJsonArray("aggregateTypes")))
        .ofAggregate(emptyToNull(body.getString("aggregateId")))
        .byActor(emptyToNull(body.getString("editorUserId")))
        .ownedBy(emptyToNull(body.getString("resourceOwner")));
    if (ascending) {
      query = query.oldestFirst();
    }
    JsonObject range = body.getJsonObject("range");
    if (range != null) {
      return query.createdBetween(time(range.getString("since")), time(range.getString("until")));
    }
    Instant from = time(body.getString("from", body.getString("creationDate")));
    return ascending ? query.createdBetween(from, null) : query.createdBetween(null, from);
  }

  private static Set<String> strings(JsonArray values) {
    Set<String> set = new LinkedHashSet<>();
    if (values != null) {
      values.forEach(value -> set.add(value.toString()));
    }
    return set;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static Instant time(String value) {
    return ZitadelSystemApi.timestamp(value);
  }
}
