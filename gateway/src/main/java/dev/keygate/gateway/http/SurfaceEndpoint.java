package dev.keygate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * The operations of one resource of a surface (ZITADEL's projects, Droplit's clients, Oracle's application IDs), each
 * delegating to a service and rendering its answer. A {@link SurfaceBinding} asks its endpoints for the handler of
 * every operation of its contract; authentication, authorization and validation have run before the handler.
 */
public interface SurfaceEndpoint {

  /** The handler of {@code operationId}, or null when the operation is not this endpoint's. */
  Handler<RoutingContext> handler(String operationId);

  /** The handler of {@code operation} among {@code endpoints}; an operation none of them handles fails the start. */
  static Handler<RoutingContext> handlerOf(Operation operation, List<? extends SurfaceEndpoint> endpoints) {
    for (SurfaceEndpoint endpoint : endpoints) {
      Handler<RoutingContext> handler = endpoint.handler(operation.getOperationId());
      if (handler != null) {
        return handler;
      }
    }
    throw new IllegalStateException("no handler for " + operation.getOperationId());
  }
}
