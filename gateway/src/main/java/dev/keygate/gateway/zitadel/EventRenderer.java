package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.protojson.InstantText;
import dev.keygate.store.FoundEvent;
import dev.keygate.store.StoredEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * Events and their types as ZITADEL's admin API writes them ({@code zitadel.event.v1}): camelCase, empty fields and
 * lists omitted, uint64 as strings. {@code sequence} is the event's position in the instance's log, the cursor of the
 * next page; {@code payload} is always empty, since events record no data, least of all a secret.
 */
final class EventRenderer {

  private final EventLabels labels;

  EventRenderer(EventLabels labels) {
    this.labels = labels;
  }

  JsonObject events(List<FoundEvent> page) {
    return list("events", page, this::event);
  }

  JsonObject eventTypes(List<String> types) {
    return list("eventTypes", types, this::eventType);
  }

  JsonObject aggregateTypes(List<String> types) {
    return list("aggregateTypes", types, this::aggregateType);
  }

  private JsonObject event(FoundEvent found) {
    StoredEvent event = found.event();
    JsonObject editor = new JsonObject();
    putIfPresent(editor, "userId", event.actorId());
    putIfPresent(editor, "displayName", found.actorName());
    JsonObject aggregate = new JsonObject().put("id", event.aggregateId())
        .put("type", aggregateType(event.aggregateType()));
    putIfPresent(aggregate, "resourceOwner", found.resourceOwner());
    return new JsonObject()
        .put("editor", editor)
        .put("aggregate", aggregate)
        .put("sequence", Long.toString(event.position()))
        .put("creationDate", InstantText.of(event.createdAt()))
        .put("payload", new JsonObject())
        .put("type", eventType(event.type()));
  }

  private JsonObject eventType(String type) {
    return typed(type, EventLabels.eventKey(type));
  }

  private JsonObject aggregateType(String type) {
    return typed(type, EventLabels.aggregateKey(type));
  }

  private JsonObject typed(String type, String key) {
    return new JsonObject().put("type", type)
        .put("localized", new JsonObject().put("key", key).put("localizedMessage", labels.label(key)));
  }

  /** protojson omits an empty repeated field. */
  private static <T> JsonObject list(String field, List<T> items, Function<T, JsonObject> render) {
    JsonObject json = new JsonObject();
    if (!items.isEmpty()) {
      JsonArray array = new JsonArray();
      items.forEach(item -> array.add(render.apply(item)));
      json.put(field, array);
    }
    return json;
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(key, value);
    }
  }
}
