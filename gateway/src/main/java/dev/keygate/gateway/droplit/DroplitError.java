package dev.keygate.gateway.droplit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Droplit's "standard error structure". Droplit documents what each named error contains but not its JSON; this
 * shape is inferred from those descriptions (see docs/wire/droplit.md) and documented in the contract:
 * {@code {"error", "message": "<Droplit's error name>", "parameters": [...], "required"?: [...]}}.
 */
record DroplitError(int status, String error, String message, JsonArray parameters, List<String> required) {

  static DroplitError invalidParameters(String message, JsonObject... parameters) {
    return new DroplitError(400, "InvalidParameters", message, array(parameters), null);
  }

  static DroplitError notFound(String message, JsonObject... parameters) {
    return new DroplitError(404, "NotFound", message, array(parameters), null);
  }

  static DroplitError plain(int status, String error, String message) {
    return new DroplitError(status, error, message, new JsonArray(), null);
  }

  static JsonObject parameter(String name, String in, String reason) {
    return new JsonObject().put("name", name).put("in", in).put("reason", reason);
  }

  private static JsonArray array(JsonObject... parameters) {
    JsonArray array = new JsonArray();
    for (JsonObject parameter : parameters) {
      array.add(parameter);
    }
    return array;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", error).put("message", message).put("parameters", parameters);
    if (required != null) {
      json.put("required", new JsonArray(List.copyOf(required)));
    }
    return json;
  }
}
