package dev.keygate.gateway.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.keygate.gateway.grpc.proto.rpc.Status;
import dev.keygate.gateway.grpc.proto.v1.ErrorDetail;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ZITADEL's REST error body {@code {code, message, details}} as the gRPC answer ZITADEL sends for the same error: the
 * same code as {@code grpc-status}, the same message as {@code grpc-message}, and the details as a
 * {@code google.rpc.Status} in {@code grpc-status-details-bin}; plain errors (validation, authentication) carry none,
 * exactly as their REST bodies carry none.
 */
final class GrpcErrors {

  static final String DETAILS_TRAILER = "grpc-status-details-bin";
  private static final String DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  private GrpcErrors() {}

  /** Ends the call with the error a REST route answered; an unreadable body is Keygate's fault (INTERNAL). */
  static void send(GrpcServerResponse<?, ?> response, int httpStatus, JsonObject body) {
    Integer code = body == null ? null : body.getInteger("code");
    String message = body == null ? null : body.getString("message");
    if (code == null || code <= 0 || code > 16) {
      code = httpStatus >= 500 ? GrpcStatus.INTERNAL.code : GrpcStatus.UNKNOWN.code;
      message = "unexpected answer " + httpStatus;
    }
    JsonArray details = body == null ? null : body.getJsonArray("details");
    if (details != null && !details.isEmpty()) {
      response.trailers().set(DETAILS_TRAILER, statusDetails(code, message, details));
    }
    end(response, GrpcStatus.valueOf(code), message);
  }

  static void end(GrpcServerResponse<?, ?> response, GrpcStatus status, String message) {
    response.status(status);
    if (message != null && !message.isEmpty()) {
      // set as a trailer, which Vert.x then leaves alone: its own statusMessage() percent-encodes ':' and ',' as
      // well, which grpc-js (decodeURI) hands to the caller undecoded
      response.trailers().set("grpc-message", percentEncoded(message));
    }
    response.end();
  }

  /**
   * The gRPC spec's encoding of grpc-message: UTF-8, each byte outside printable ASCII (0x20–0x7E) and '%' itself
   * as %XX; everything else as is.
   */
  static String percentEncoded(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** Standard base64 without padding, as gRPC writes binary metadata. */
  private static String statusDetails(int code, String message, JsonArray details) {
    Status.Builder status = Status.newBuilder().setCode(code).setMessage(message == null ? "" : message);
    for (Object item : details) {
      if (item instanceof JsonObject detail && DETAIL_TYPE.equals(detail.getString("@type"))) {
        ByteString value = ErrorDetail.newBuilder()
            .setId(detail.getString("id", ""))
            .setMessage(detail.getString("message", ""))
            .build().toByteString();
        status.addDetails(Any.newBuilder().setTypeUrl(DETAIL_TYPE).setValue(value));
      }
    }
    return Base64.getEncoder().withoutPadding().encodeToString(status.build().toByteArray());
  }
}
