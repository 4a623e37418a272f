package dev.keygate.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** One HTTP response as the tests see it. */
public record Response(int status, Map<String, List<String>> headers, String body) {

  public JsonObject json() {
    return new JsonObject(body);
  }

  public String header(String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .findFirst().map(e -> e.getValue().get(0)).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
