package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks a permission of the instance itself (the admin API's): no organization is resolved, the header
 * {@code x-zitadel-orgid} included, since only an instance-wide membership grants it.
 */
final class InstancePermissionAuthorizer implements Handler<RoutingContext> {

  private final AccessService access;
  private final String permission;

  InstancePermissionAuthorizer(AccessService access, String permission) {
    this.access = access;
    this.permission = permission;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller caller = rc.get(RequestKeys.CALLER);
    access.authorizeInstance(caller, permission).onComplete(done -> {
      if (done.succeeded()) {
        rc.put(RequestKeys.SCOPE, done.result());
        rc.next();
      } else {
        rc.fail(done.cause());
      }
    });
  }
}
