package dev.keygate.gateway.http.edge;

import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.http.contract.MediaTypes;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The first handler of every surface router: refuses what no operation of any contract takes, before the body is
 * read and before any surface logic, so that each refusal is answered by the surface that owns the path in its own
 * shape ({@link EdgeRejection}, written by {@link SurfaceFailureHandler}). In this order: a URI over the limit (414),
 * headers over the limit (431), a Transfer-Encoding that leaves the body's end in doubt (400), an {@code Expect} other
 * than {@code 100-continue} (417), a NUL byte, a control character or invalid UTF-8 in the path or query (400: nothing
 * downstream, PostgreSQL least of all, can store them), a body on a method that takes none (400), a multipart body
 * (415: no contract takes one, and Vert.x's multipart decoder throws on methods it does not expect).
 */
public final class EdgePolicy implements Handler<RoutingContext> {

  private final EdgeLimits limits;
  private final Handler<RoutingContext> failures;

  /** {@code failures} is the surface's failure handler: a {@link SurfaceFailureHandler} answers refusals directly. */
  public EdgePolicy(EdgeLimits limits, Handler<RoutingContext> failures) {
    this.limits = limits;
    this.failures = failures;
  }

  @Override
  public void handle(RoutingContext rc) {
    EdgeRejection.Kind refused = check(rc.request());
    if (refused == null) {
      rc.next();
      return;
    }
    discardBody(rc.request());
    if (failures instanceof SurfaceFailureHandler<?> surface) {
      surface.refuse(rc, new EdgeRejection(refused));
    } else {
      rc.fail(refused.status(), new EdgeRejection(refused));
    }
  }

  private EdgeRejection.Kind check(HttpServerRequest request) {
    EdgeRejection.Kind undecodable = InvalidRequests.kind(request);
    if (undecodable != null) {
      // the decoder gave up on this connection: answer, then close it
      request.response().putHeader("connection", "close");
      return undecodable;
    }
    if (request.uri().length() > limits.uriLength()) {
      return EdgeRejection.Kind.URI_TOO_LONG;
    }
    if (headerBytes(request.headers()) > limits.headerBytes()) {
      return EdgeRejection.Kind.HEADERS_TOO_LARGE;
    }
    if (ambiguousFraming(request)) {
      // RFC 9112 6.1 and 6.3: the body's end cannot be known for sure, so neither can the next request's start
      request.response().putHeader("connection", "close");
      return EdgeRejection.Kind.AMBIGUOUS_FRAMING;
    }
    String expect = request.getHeader("expect");
    if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
      // RFC 9110 10.1.1: an expectation the server cannot meet may be answered 417; answered here, in the surface's
      // shape, instead of by Vert.x's body handler
      return EdgeRejection.Kind.EXPECTATION_FAILED;
    }
    UriText.Verdict uri = UriText.check(request.uri());
    if (uri != UriText.Verdict.CLEAN) {
      return uri == UriText.Verdict.BAD_ESCAPE ? EdgeRejection.Kind.BAD_REQUEST : EdgeRejection.Kind.INVALID_CHARACTERS;
    }
    boolean hasBody = hasBody(request);
    if (hasBody && takesNoBody(request.method())) {
      return EdgeRejection.Kind.BODY_NOT_ALLOWED;
    }
    String type = MediaTypes.essence(request.getHeader("content-type"));
    if (hasBody && type != null && type.startsWith("multipart/")) {
      return EdgeRejection.Kind.UNSUPPORTED_MEDIA_TYPE;
    }
    return null;
  }

  /**
   * A Transfer-Encoding other than a lone {@code chunked} (Netty would read any list containing it as chunked and then
   * wait for a chunk line that never comes), or one beside a Content-Length (request smuggling's classic shape).
   */
  private static boolean ambiguousFraming(HttpServerRequest request) {
    List<String> codings = request.headers().getAll("transfer-encoding");
    if (codings.isEmpty()) {
      return false;
    }
    return codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")
        || request.headers().contains("content-length");
  }

  private static int headerBytes(MultiMap headers) {
    int bytes = 0;
    for (Map.Entry<String, String> header : headers) {
      bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
    }
    return bytes;
  }

  static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("content-length");
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.getHeader("transfer-encoding") != null;
  }

  /** None of the five contracts gives a GET, HEAD, DELETE or OPTIONS operation a request body. */
  private static boolean takesNoBody(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE
        || method == HttpMethod.OPTIONS;
  }

  /**
   * The answer goes out before the body is read: read what comes and drop it, so the connection stays usable for the
   * client's next request and the client is never left writing into a socket nobody reads.
   */
  private static void discardBody(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.handler(ignored -> { });
      request.resume();
    }
  }
}
