package dev.keygate.gateway.droplit;

import dev.keygate.gateway.service.ecosystem.EcosystemService;
import dev.keygate.store.ClientToken;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Droplit's objects as its documentation shows them, keys in its order; times as Node's {@code Date} writes JSON.
 * Keygate's additions ({@code expiresAt}, {@code lastUsedAt}) are absent rather than null when unset.
 */
final class DroplitRenderer {

  /** Node's {@code Date} JSON: ISO 8601 UTC with exactly three fraction digits. */
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private DroplitRenderer() {}

  static JsonObject ecosystem(Ecosystem ecosystem) {
    JsonObject json = new JsonObject()
        .put("createdAt", MILLIS.format(ecosystem.createdAt()))
        .put("id", ecosystem.id())
        .put("meta", new JsonObject(ecosystem.metaJson()));
    if (ecosystem.domain() != null && !ecosystem.domain().isEmpty()) {
      json.put("domain", ecosystem.domain());
    }
    return json;
  }

  /** Exactly the six keys of Droplit's example; name and description are null when absent. */
  static JsonObject client(EcosystemClient client) {
    return new JsonObject()
        .put("createdAt", MILLIS.format(client.createdAt()))
        .put("description", client.description())
        .put("ecosystemId", client.ecosystemId())
        .put("id", client.id())
        .put("name", client.name())
        .put("type", client.type());
  }

  /** The one answer that shows a token's value. */
  static JsonObject issuedToken(EcosystemService.IssuedToken issued) {
    return putTime(new JsonObject()
        .put("createdAt", MILLIS.format(issued.token().createdAt()))
        .put("id", issued.token().id())
        .put("token", issued.value()), "expiresAt", issued.token().expiresAt());
  }

  /** A client's tokens, never their values: each was shown once, when it was created. */
  static JsonObject tokens(List<ClientToken> tokens, Map<String, Instant> lastUses) {
    return items(tokens, token -> putTime(putTime(new JsonObject()
        .put("context", new JsonObject())
        .put("createdAt", MILLIS.format(token.createdAt()))
        .put("description", token.description())
        .put("id", token.id()), "expiresAt", token.expiresAt()), "lastUsedAt", lastUses.get(token.id())));
  }

  static <T> JsonObject items(List<T> items, Function<T, JsonObject> render) {
    return new JsonObject().put("items", new JsonArray(items.stream().map(render).toList()));
  }

  private static JsonObject putTime(JsonObject json, String name, Instant time) {
    return time == null ? json : json.put(name, MILLIS.format(time));
  }
}
