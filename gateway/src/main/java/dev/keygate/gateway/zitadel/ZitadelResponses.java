package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.protojson.InstantText;
import dev.keygate.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Function;

/** ZITADEL's protojson conventions for success bodies: camelCase, empty fields omitted, uint64 as strings. */
final class ZitadelResponses {

  private ZitadelResponses() {}

  /** {@code details} of a manipulation: sequence, creation date (no change date on creates), resource owner. */
  static JsonObject createdDetails(long sequence, Instant at, String resourceOwner) {
    return new JsonObject()
        .put("sequence", Long.toString(sequence))
        .put("creationDate", InstantText.of(at))
        .put("resourceOwner", resourceOwner);
  }

  /** {@code details} of a change or removal, and of an object read back. */
  static JsonObject details(long sequence, Instant created, Instant changed, String resourceOwner) {
    JsonObject details = new JsonObject().put("sequence", Long.toString(sequence));
    if (created != null) {
      details.put("creationDate", InstantText.of(created));
    }
    if (changed != null) {
      details.put("changeDate", InstantText.of(changed));
    }
    return details.put("resourceOwner", resourceOwner);
  }

  static JsonObject listDetails(long total, Instant viewTimestamp) {
    return new JsonObject().put("totalResult", Long.toString(total)).put("viewTimestamp",
        InstantText.of(viewTimestamp));
  }

  /** A page of a list operation; {@code result} is omitted when empty, as protojson omits empty repeated fields. */
  static <T> JsonObject list(Page<T> page, Instant viewTimestamp, Function<T, JsonObject> render) {
    JsonObject json = new JsonObject().put("details", listDetails(page.total(), viewTimestamp));
    if (!page.items().isEmpty()) {
      JsonArray result = new JsonArray();
      page.items().forEach(item -> result.add(render.apply(item)));
      json.put("result", result);
    }
    return json;
  }

  /** The answer of a change or removal: its details only. */
  static JsonObject changed(long sequence, Instant at, String resourceOwner) {
    return new JsonObject().put("details", details(sequence, null, at, resourceOwner));
  }
}
