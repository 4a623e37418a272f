package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The v2 APIs name the organization in the body ({@code organizationId}, or protojson's {@code organization_id});
 * without it, in the {@code x-zitadel-orgid} header, which ZITADEL's authorization interceptor reads for every API
 * (its console sends it with v2 calls too), so that an instance owner reaches an object of another organization by
 * id; without either the organization is the caller's. Then one operation's permission is checked there, as v1 does.
 * It runs before validation: a field of the wrong type counts as absent here and is refused by the contract next.
 */
final class BodyOrgAuthorizer implements Handler<RoutingContext> {

  private final AccessService access;
  private final String permission;

  BodyOrgAuthorizer(AccessService access, String permission) {
    this.access = access;
    this.permission = permission;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller caller = rc.get(RequestKeys.CALLER);
    String organization = organizationOf(V2Requests.rawBody(rc));
    if (organization == null) {
      organization = rc.request().getHeader("x-zitadel-orgid");
    }
    access.authorize(caller, organization, permission).onComplete(done -> {
      if (done.succeeded()) {
        rc.put(RequestKeys.SCOPE, done.result());
        rc.next();
      } else {
        rc.fail(done.cause());
      }
    });
  }

  static String organizationOf(JsonObject body) {
    for (String name : new String[] {"organizationId", "organization_id"}) {
      if (body.getValue(name) instanceof String id && !id.isEmpty()) {
        return id;
      }
    }
    return null;
  }
}
