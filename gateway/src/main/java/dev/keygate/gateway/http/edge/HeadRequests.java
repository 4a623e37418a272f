package dev.keygate.gateway.http.edge;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * HEAD wherever GET is served (RFC 9110 §9.3.2): the GET route answers it, with the same status and headers, and
 * the body is left out ({@link BodilessResponse}). Two halves, because a router decides which routes a HEAD request
 * matches, while only the server's request handler can hand the routes a response that keeps the body back.
 */
public final class HeadRequests {

  private HeadRequests() {}

  /**
   * Every route of {@code router} that serves GET serves HEAD too. Call it once the routes are added; routes for
   * every method (no method named) already take HEAD.
   */
  public static Router servedLikeGet(Router router) {
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (methods != null && methods.contains(HttpMethod.GET) && !methods.contains(HttpMethod.HEAD)) {
        route.method(HttpMethod.HEAD);
      }
    }
    return router;
  }

  /** A HEAD request whose response drops any body it is given; any other request as it is. */
  public static HttpServerRequest withoutBody(HttpServerRequest request) {
    return request.method() == HttpMethod.HEAD ? new Head(request) : request;
  }

  /** Vert.x Web takes requests of the internal type only, hence the wrapper base class. */
  private static final class Head extends HttpServerRequestWrapper {

    private final HttpServerResponse response;

    Head(HttpServerRequest request) {
      super((HttpServerRequestInternal) request);
      this.response = BodilessResponse.of(request.response());
    }

    @Override
    public HttpServerResponse response() {
      return response;
    }
  }
}
