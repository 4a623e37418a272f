package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.EventService;
import dev.keygate.gateway.service.access.AccessService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * ZITADEL's admin API v1, the part a console needs of it: the instance's audit trail ({@link EventsEndpoint}). Every
 * operation authenticates a PAT or access token, then checks the operation's {@code x-keygate-permission} against
 * the caller's instance-wide memberships; the caller's instance bounds every answer.
 */
public final class ZitadelAdminApi extends ZitadelSurface {

  private final AccessService access;
  private final PatAuthenticator authenticator;
  private final List<SurfaceEndpoint> endpoints;

  public ZitadelAdminApi(ApiContract contract, AccessService access, EventService events) {
    super(contract);
    this.access = access;
    this.authenticator = new PatAuthenticator(access);
    this.endpoints = List.of(new EventsEndpoint(events, new EventRenderer(EventLabels.load())));
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return authenticator;
  }

  @Override
  public Handler<RoutingContext> authorize(Operation operation) {
    return new InstancePermissionAuthorizer(access, permissionOf(operation));
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return SurfaceEndpoint.handlerOf(operation, endpoints);
  }
}
