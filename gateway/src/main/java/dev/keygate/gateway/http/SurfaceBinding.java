package dev.keygate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/**
 * What a surface plugs into a contract router: per operation its authentication, authorization and business handler;
 * for the whole surface its failure handler (the vendor's error format) and its answers to unknown paths and methods.
 * The router runs them in the order every vendor we speak uses: decode the body, authenticate, authorize, validate
 * against the contract, act.
 */
public interface SurfaceBinding {

  /** Null for an operation that needs no credentials. */
  Handler<RoutingContext> authenticate(Operation operation);

  /** Null when authentication alone suffices. */
  Handler<RoutingContext> authorize(Operation operation);

  Handler<RoutingContext> handle(Operation operation);

  Handler<RoutingContext> failureHandler();

  void notFound(RoutingContext rc);

  void methodNotAllowed(RoutingContext rc);
}
