package dev.keygate.gateway.zitadel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A {@code google.rpc.Status} as ZITADEL's gateway writes it. Errors raised by ZITADEL's own code carry an id and one
 * {@code ErrorDetail}: {@code "message": "<text> (<id>)"}; plain gRPC errors (validation, missing auth header) carry no
 * id and no details.
 */
public record ZitadelError(int code, String text, String id) {

  static final String DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  static ZitadelError plain(int code, String text) {
    return new ZitadelError(code, text, null);
  }

  String message() {
    return id == null ? text : text + " (" + id + ")";
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code).put("message", message());
    if (id != null) {
      json.put("details", new JsonArray().add(new JsonObject().put("@type", DETAIL_TYPE).put("id", id).put("message",
          text)));
    }
    return json;
  }

  int httpStatus() {
    return httpStatusOf(code);
  }

  /**
   * grpc-gateway's code → HTTP mapping (FailedPrecondition is 400, not 412), which is also Connect's
   * (connectrpc.com/docs/protocol, "Error Codes"): v1's REST answers and v2's Connect answers share it.
   */
  public static int httpStatusOf(int code) {
    return switch (code) {
      case 1 -> 499;
      case 3, 9, 11 -> 400;
      case 4 -> 504;
      case 5 -> 404;
      case 6, 10 -> 409;
      case 7 -> 403;
      case 8 -> 429;
      case 12 -> 501;
      case 14 -> 503;
      case 16 -> 401;
      default -> 500;
    };
  }
}
