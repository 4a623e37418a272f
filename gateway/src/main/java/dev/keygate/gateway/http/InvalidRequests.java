package dev.keygate.gateway.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The answer to a request the HTTP decoder itself could not parse: a request line or headers past even the decoder's
 * limits ({@link EdgeLimits#DECODER_LINE_AND_HEADERS}), or no HTTP at all. Vert.x's default answers these as plain
 * text; here they get a JSON body in the shape of the gateway's other answers outside the surfaces
 * ({@code {"code","message"}}, ZITADEL's, as the fallback 404 uses): the path may be lost, so no surface can claim
 * them. The connection closes after the answer, because the decoder's state is gone.
 */
public final class InvalidRequests {

  private InvalidRequests() {}

  public static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    EdgeRejection.Kind kind;
    if (cause instanceof TooLongFrameException && cause.getClass().getSimpleName().contains("Header")) {
      kind = EdgeRejection.Kind.HEADERS_TOO_LARGE;
    } else if (cause instanceof TooLongFrameException) {
      kind = EdgeRejection.Kind.URI_TOO_LONG;
    } else {
      kind = EdgeRejection.Kind.BAD_REQUEST;
    }
    int code = kind == EdgeRejection.Kind.BAD_REQUEST ? 3 : 8;
    RequestIds.assign(request);
    request.response().setStatusCode(kind.status())
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(new JsonObject().put("code", code).put("message", kind.message()).encode());
  }
}
