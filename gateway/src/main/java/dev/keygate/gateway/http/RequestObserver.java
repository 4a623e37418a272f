package dev.keygate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * How the operability layer (metrics, access log) watches requests without the plumbing knowing what it does with
 * them: a handler that sees every request a surface router gets, before anything can refuse it, and one per
 * operation that sees the request once the contract's route matched. Either may be null: nothing is installed then,
 * so an observer that watches nothing costs nothing.
 */
public interface RequestObserver {

  /** The first handler of every request of {@code surface}'s router, or null. It must call {@code rc.next()}. */
  Handler<RoutingContext> entering(String surface);

  /** The first handler of the route of {@code operationId}, or null. It must call {@code rc.next()}. */
  Handler<RoutingContext> matched(String surface, String operationId);

  /** Watches nothing. */
  RequestObserver NONE = new RequestObserver() {
    @Override
    public Handler<RoutingContext> entering(String surface) {
      return null;
    }

    @Override
    public Handler<RoutingContext> matched(String surface, String operationId) {
      return null;
    }
  };
}
