package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.zitadel.ZitadelError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An error as a ConnectRPC server writes it, ZITADEL's way: {@code {"code": "not_found", "message": "<text> (<id>)",
 * "details": [{"type": "zitadel.v1.ErrorDetail", "value": <base64 of ErrorDetail{id, message}>}]}}. Errors without an
 * id (validation, a missing token) carry no details. The HTTP status follows from the code (Connect's table).
 */
public record ConnectError(int grpcCode, String text, String id, int httpStatus) {

  /** The detail's type: the message's full name, without the {@code type.googleapis.com/} of gRPC's {@code Any}. */
  static final String DETAIL_TYPE = "zitadel.v1.ErrorDetail";

  private static final String[] NAMES = {"ok", "canceled", "unknown", "invalid_argument", "deadline_exceeded",
      "not_found", "already_exists", "permission_denied", "resource_exhausted", "failed_precondition", "aborted",
      "out_of_range", "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated"};

  /** The same error ZITADEL's v1 API would raise, with Connect's status for its code. */
  static ConnectError of(ZitadelError error) {
    return new ConnectError(error.code(), error.text(), error.id(), ZitadelError.httpStatusOf(error.code()));
  }

  static ConnectError plain(int grpcCode, String text) {
    return new ConnectError(grpcCode, text, null, ZitadelError.httpStatusOf(grpcCode));
  }

  /** The same error sent with another HTTP status (a reused Idempotency-Key is 422 on every surface). */
  ConnectError withStatus(int status) {
    return new ConnectError(grpcCode, text, id, status);
  }

  /** Connect's name of the code, e.g. {@code invalid_argument}. */
  String code() {
    return grpcCode > 0 && grpcCode < NAMES.length ? NAMES[grpcCode] : "unknown";
  }

  String message() {
    return id == null ? text : text + " (" + id + ")";
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code()).put("message", message());
    if (id != null) {
      json.put("details", new JsonArray().add(new JsonObject().put("type", DETAIL_TYPE)
          .put("value", Base64.getEncoder().withoutPadding().encodeToString(errorDetail(id, text)))));
    }
    return json;
  }

  /** {@code zitadel.v1.ErrorDetail{id = 1, message = 2}} in protobuf's binary encoding. */
  static byte[] errorDetail(String id, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, 1, id);
    field(out, 2, message);
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int number, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(number << 3 | 2); // wire type 2: length-delimited
    for (int length = bytes.length; ; length >>>= 7) {
      if ((length & ~0x7F) == 0) {
        out.write(length);
        break;
      }
      out.write(length & 0x7F | 0x80);
    }
    out.writeBytes(bytes);
  }
}
