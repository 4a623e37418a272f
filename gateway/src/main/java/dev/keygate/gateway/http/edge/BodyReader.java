package dev.keygate.gateway.http.edge;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads the body with Vert.x's {@link BodyHandler}, bounded by the body limit (form fields may be as long as the
 * body, see GatewayVerticle). A body handler that throws while setting up its decoder is answered 400 in the
 * surface's shape, never with a dropped connection.
 */
public final class BodyReader implements Handler<RoutingContext> {

  private final BodyHandler bodies;

  public BodyReader(long bodyLimit) {
    this.bodies = BodyHandler.create(false).setBodyLimit(bodyLimit);
  }

  @Override
  public void handle(RoutingContext rc) {
    try {
      bodies.handle(rc);
    } catch (RuntimeException e) {
      rc.fail(400, new EdgeRejection(EdgeRejection.Kind.MALFORMED_FORM));
    }
  }
}
