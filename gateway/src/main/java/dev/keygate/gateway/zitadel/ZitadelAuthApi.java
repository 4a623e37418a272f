package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.UserService;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.time.Clock;
import java.util.List;

/**
 * ZITADEL's auth API v1, the part a console needs of it: the caller itself (GetMyUser) and what it may do
 * (ListMyZitadelPermissions). Any user of the instance may ask, memberships or not (ZITADEL's {@code authenticated}):
 * a PAT or access token is checked, no permission.
 */
public final class ZitadelAuthApi extends ZitadelSurface {

  private final AccessService access;
  private final UserService users;
  private final PatAuthenticator authenticator;
  private final ManagementRenderer render;

  public ZitadelAuthApi(ApiContract contract, AccessService access, UserService users, Clock clock) {
    super(contract);
    this.access = access;
    this.users = users;
    this.authenticator = new PatAuthenticator(access);
    this.render = new ManagementRenderer(clock);
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return authenticator;
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return switch (operation.getOperationId()) {
      case "GetMyUser" -> rc -> {
        Caller caller = rc.get(RequestKeys.CALLER);
        Scope own = new Scope(caller.instanceId(), caller.orgId(), caller.userId());
        Replies.json(rc, users.get(own, caller.userId()), user -> new JsonObject().put("user", render.user(user)));
      };
      case "ListMyZitadelPermissions" -> rc -> {
        Caller caller = rc.get(RequestKeys.CALLER);
        Replies.json(rc, Future.succeededFuture(access.permissionsOf(caller)), ZitadelAuthApi::permissions);
      };
      default -> throw new IllegalStateException("no handler for " + operation.getOperationId());
    };
  }

  /** protojson omits an empty repeated field: no permission at all is {@code {}}. */
  private static JsonObject permissions(List<String> granted) {
    return granted.isEmpty() ? new JsonObject() : new JsonObject().put("result", new JsonArray(granted));
  }
}
