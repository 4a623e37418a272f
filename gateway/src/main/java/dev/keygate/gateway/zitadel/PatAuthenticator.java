package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.BearerTokens;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.access.AccessService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** The management API's bearer: a personal access token, valid only in its own instance. */
public final class PatAuthenticator implements Handler<RoutingContext> {

  private final AccessService access;

  public PatAuthenticator(AccessService access) {
    this.access = access;
  }

  @Override
  public void handle(RoutingContext rc) {
    String token = BearerTokens.require(rc);
    if (token == null) {
      return;
    }
    access.authenticatePat(token, InstanceHost.of(rc.request())).onComplete(done -> {
      if (done.succeeded()) {
        rc.put(RequestKeys.CALLER, done.result());
        rc.next();
      } else {
        rc.fail(done.cause());
      }
    });
  }
}
