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
import java.util.Locale;

/**
 * ZITADEL's JSON error body as the gRPC answer ZITADEL sends for the same error: the same code as {@code grpc-status},
 * the same message as {@code grpc-message}, and the details as a {@code google.rpc.Status} in
 * {@code grpc-status-details-bin}; plain errors (validation, authentication) carry none, exactly as their JSON bodies
 * carry none. Two JSON shapes: v1's grpc-gateway body {@code {"code": 5, "message", "details": [{"@type":
 * "type.googleapis.com/zitadel.v1.ErrorDetail", "id", "message"}]}} and v2's Connect body {@code {"code":
 * "not_found", "message", "details": [{"type": "zitadel.v1.ErrorDetail", "value": <base64 of the detail>}]}}.
 */
final class GrpcErrors {

  static final String DETAILS_TRAILER = "grpc-status-details-bin";
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";
  private static final String DETAIL_TYPE = TYPE_URL_PREFIX + "zitadel.v1.ErrorDetail";

  private GrpcErrors() {}

  /** Ends the call with the error a REST route answered; an unreadable body is Keygate's fault (INTERNAL). */
  static void send(GrpcServerResponse<?, ?> response, int httpStatus, JsonObject body) {
    Object rawCode = body == null ? null : body.getValue("code");
    Integer code = rawCode instanceof String name ? connectCode(name)
        : rawCode instanceof Number number ? Integer.valueOf(number.intValue()) : null;
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

  /** The number of a Connect code name ({@code not_found} is 5), or null. */
  static Integer connectCode(String name) {
    // Connect spells gRPC's CANCELLED with one L; every other name is gRPC's in lower case
    String grpcName = "canceled".equals(name) ? "CANCELLED" : name.toUpperCase(Locale.ROOT);
    for (GrpcStatus status : GrpcStatus.values()) {
      if (status.name().equals(grpcName)) {
        return status.code;
      }
    }
    return null;
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
      } else if (item instanceof JsonObject detail && detail.getValue("type") instanceof String type
          && detail.getValue("value") instanceof String value) {
        // Connect's detail: the message name and its bytes, which gRPC carries as an Any
        status.addDetails(Any.newBuilder().setTypeUrl(TYPE_URL_PREFIX + type)
            .setValue(ByteString.copyFrom(Base64.getDecoder().decode(value))));
      }
    }
    return Base64.getEncoder().withoutPadding().encodeToString(status.build().toByteArray());
  }
}
