package dev.keygate.gateway.http.edge;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP decoder itself could not parse: headers with bytes HTTP does not allow, broken framing, a request
 * line or headers past even the decoder's limits ({@link EdgeLimits#DECODER_LINE_AND_HEADERS}). Where the decoder got
 * as far as the request line, the path is known and the surface that owns it answers ({@link EdgePolicy} refuses
 * the request first thing); where it did not, {@link #answer} writes the gateway's fallback shape
 * ({@code {"code","message"}}, ZITADEL's, as the fallback 404 uses). Either way the connection closes after the
 * answer, because the decoder's state is gone.
 */
public final class InvalidRequests {

  /** The path Netty gives a request whose request line it could not read. */
  private static final String LOST_PATH = "/bad-request";

  private InvalidRequests() {}

  /** Whether the decoder failed before it knew the request's path, so that no surface can claim it. */
  public static boolean pathLost(HttpServerRequest request) {
    return request.decoderResult().cause() instanceof TooLongFrameException && !headersTooLarge(request)
        || LOST_PATH.equals(request.path()) || request.path() == null;
  }

  /** Why the decoder refused the request, or null when it did not. */
  static EdgeRejection.Kind kind(HttpServerRequest request) {
    if (!request.decoderResult().isFailure()) {
      return null;
    }
    Throwable cause = request.decoderResult().cause();
    if (headersTooLarge(request)) {
      return EdgeRejection.Kind.HEADERS_TOO_LARGE;
    }
    return cause instanceof TooLongFrameException ? EdgeRejection.Kind.URI_TOO_LONG : EdgeRejection.Kind.BAD_REQUEST;
  }

  private static boolean headersTooLarge(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    return cause instanceof TooLongFrameException && cause.getClass().getSimpleName().contains("Header");
  }

  /** The fallback answer, for a request whose path was lost. */
  public static void answer(HttpServerRequest request) {
    EdgeRejection.Kind kind = kind(request);
    if (kind == null) {
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
