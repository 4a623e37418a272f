package dev.keygate.gateway.idempotency;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Requests with an Idempotency-Key, as a client that retries sends them. */
final class Retries {

  static final String HEADER = "Idempotency-Key";

  private Retries() {}

  /** A JSON request with a bearer token and this Idempotency-Key (sent as a Structured Field String). */
  static Response send(Http http, String method, String path, String token, JsonObject body, String key) {
    Map<String, String> headers = Http.bearer(token);
    headers.put(HEADER, "\"" + key + "\"");
    return http.send(method, path, headers, body == null ? null : body.encode(), body == null ? null
        : "application/json");
  }

  /** The same with the header's raw value as given. */
  static Response sendRaw(Http http, String method, String path, Map<String, String> headers, JsonObject body,
                          String rawKey) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(HEADER, rawKey);
    return http.send(method, path, all, body == null ? null : body.encode(), body == null ? null : "application/json");
  }

  static String newKey() {
    return UUID.randomUUID().toString();
  }
}
