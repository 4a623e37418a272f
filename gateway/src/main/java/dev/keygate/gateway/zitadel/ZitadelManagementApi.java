package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.ProjectService;
import dev.keygate.gateway.service.UserService;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.time.Clock;
import java.util.List;

/**
 * ZITADEL's management API v1: projects, API applications and machine users with their secrets and PATs. Every
 * operation authenticates a PAT, then checks the organization and the operation's {@code x-keygate-permission};
 * the operations themselves are the resources' endpoints' ({@link ProjectsEndpoint}, {@link AppsEndpoint},
 * {@link UsersEndpoint}).
 */
public final class ZitadelManagementApi extends ZitadelSurface {

  private final AccessService access;
  private final PatAuthenticator authenticator;
  private final List<ManagementEndpoint> endpoints;

  public ZitadelManagementApi(ApiContract contract, AccessService access, ProjectService projects, AppService apps,
                              UserService users, Clock clock) {
    super(contract);
    this.access = access;
    this.authenticator = new PatAuthenticator(access);
    ManagementRenderer render = new ManagementRenderer(clock);
    this.endpoints = List.of(new ProjectsEndpoint(projects, render), new AppsEndpoint(apps, render),
        new UsersEndpoint(users, render));
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return authenticator;
  }

  @Override
  public Handler<RoutingContext> authorize(Operation operation) {
    return new OrgPermissionAuthorizer(access, permissionOf(operation));
  }

  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    Caller caller = rc.get(RequestKeys.CALLER);
    return new IdempotentRequests.Scope(caller.instanceId(), caller.userId());
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return SurfaceEndpoint.handlerOf(operation, endpoints);
  }
}
