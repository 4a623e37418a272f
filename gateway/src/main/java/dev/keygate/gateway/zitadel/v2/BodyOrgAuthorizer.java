package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The v2 APIs name the organization in the body ({@code organizationId}, or protojson's {@code organization_id});
 * without it, in the {@code x-zitadel-orgid} header, which ZITADEL's authorization interceptor reads for every API
 * (its console sends it with v2 calls too), so that an instance owner reaches an object of another organization by
 * id; without either the organization is the caller's. Then one operation's permission is checked there, as v1 does.
 * A list whose filters name organizations ({@link OrganizationFilters}) has each of them checked the same way, the
 * first becoming the request's organization when neither body nor header names one. It runs before validation: a
 * field of the wrong type counts as absent here and is refused by the contract next.
 */
final class BodyOrgAuthorizer implements Handler<RoutingContext> {

  private final AccessService access;
  private final String permission;
  private final String operationId;

  BodyOrgAuthorizer(AccessService access, String permission, String operationId) {
    this.access = access;
    this.permission = permission;
    this.operationId = operationId;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller caller = rc.get(RequestKeys.CALLER);
    JsonObject body = V2Requests.rawBody(rc);
    Set<String> named = new LinkedHashSet<>();
    String own = organizationOf(body);
    if (own == null) {
      own = rc.request().getHeader("x-zitadel-orgid");
    }
    if (own != null && !own.isEmpty()) {
      named.add(own);
    }
    named.addAll(OrganizationFilters.named(operationId, body));
    List<String> orgs = new ArrayList<>(named);
    if (orgs.isEmpty()) {
      orgs.add(null); // the caller's organization
    }
    authorizeAll(caller, orgs, 0).onComplete(done -> {
      if (done.succeeded()) {
        rc.put(RequestKeys.SCOPE, done.result());
        rc.next();
      } else {
        rc.fail(done.cause());
      }
    });
  }

  /** Each organization from {@code index} on, in order (the first refusal fails the request); the first's scope. */
  private Future<Scope> authorizeAll(Caller caller, List<String> orgs, int index) {
    Future<Scope> first = access.authorize(caller, orgs.get(index), permission);
    return index == orgs.size() - 1 ? first
        : first.compose(scope -> authorizeAll(caller, orgs, index + 1).map(scope));
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
