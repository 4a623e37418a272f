package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Resolves the organization ({@code x-zitadel-orgid} or the caller's) and checks one operation's permission. */
final class OrgPermissionAuthorizer implements Handler<RoutingContext> {

  private final AccessService access;
  private final String permission;

  OrgPermissionAuthorizer(AccessService access, String permission) {
    this.access = access;
    this.permission = permission;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller caller = rc.get(RequestKeys.CALLER);
    access.authorize(caller, rc.request().getHeader("x-zitadel-orgid"), permission).onComplete(done -> {
      if (done.succeeded()) {
        rc.put(RequestKeys.SCOPE, done.result());
        rc.next();
      } else {
        rc.fail(done.cause());
      }
    });
  }
}
