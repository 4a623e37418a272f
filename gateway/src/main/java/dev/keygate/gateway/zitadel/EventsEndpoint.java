package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.EventService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** The admin API's events: a page of the caller's instance's audit trail, and the types to filter it by. */
record EventsEndpoint(EventService events, EventRenderer render) implements SurfaceEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "ListEvents" -> rc -> Replies.json(rc,
          events.search(rc.get(RequestKeys.SCOPE), EventQueries.from(DecodedBody.objectOf(rc))), render::events);
      case "ListEventTypes" -> rc -> Replies.json(rc, Future.succeededFuture(events.eventTypes()),
          render::eventTypes);
      case "ListAggregateTypes" -> rc -> Replies.json(rc, Future.succeededFuture(events.aggregateTypes()),
          render::aggregateTypes);
      default -> null;
    };
  }
}
