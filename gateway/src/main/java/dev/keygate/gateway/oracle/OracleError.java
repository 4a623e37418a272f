package dev.keygate.gateway.oracle;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One error in Oracle's errorModel: a stable errorCode, a message, the HTTP status (a string on the wire), a path. */
record OracleError(String errorCode, String message, int status, String errorPath) {

  JsonObject json() {
    JsonObject json = new JsonObject().put("errorCode", errorCode).put("message", message)
        .put("status", Integer.toString(status));
    if (errorPath != null) {
      json.put("o:errorPath", errorPath);
    }
    return json;
  }

  /** One error as is; several as Oracle's multi-error form, led by the first (DCU looks for a top-level errorCode). */
  static JsonObject body(List<OracleError> errors) {
    if (errors.size() == 1) {
      return errors.get(0).json();
    }
    JsonArray all = new JsonArray();
    errors.forEach(e -> all.add(e.json()));
    OracleError first = errors.get(0);
    return new JsonObject().put("errorCode", first.errorCode()).put("message", "The request has " + errors.size()
        + " errors").put("status", Integer.toString(first.status())).put("errors", all);
  }
}
