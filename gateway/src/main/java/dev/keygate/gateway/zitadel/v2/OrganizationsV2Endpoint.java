package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.V2Requests.body;
import static dev.keygate.gateway.zitadel.v2.V2Requests.scope;

import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.OrganizationService;
import dev.keygate.gateway.service.access.Caller;
import dev.keygate.store.PageRequest;
import dev.keygate.store.User;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** {@code zitadel.org.v2.OrganizationService}: further organizations of the caller's instance, and their list. */
record OrganizationsV2Endpoint(OrganizationService orgs, Clock clock) implements SurfaceEndpoint {

  static final String V2 = "zitadel.org.v2.OrganizationService.";

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    if (!operationId.startsWith(V2)) {
      return null;
    }
    return switch (operationId.substring(V2.length())) {
      case "AddOrganization" -> this::add;
      case "ListOrganizations" -> rc -> {
        if (!V2Requests.unfiltered(rc, "queries")) {
          return;
        }
        PageRequest page = V2Requests.page(body(rc));
        Caller caller = rc.get(RequestKeys.CALLER);
        // an instance owner sees every organization of the instance, anyone else their own
        boolean wholeInstance = caller.roles().contains(User.Role.IAM_OWNER);
        Replies.json(rc, orgs.list(scope(rc), wholeInstance, page),
            found -> V2Renderer.listWithDetails(found, clock.instant(), "result", V2Renderer::organization));
      };
      default -> null;
    };
  }

  /**
   * A new organization. Its admins are the instance's owners (IAM_OWNER holds every permission in every
   * organization); naming other admins, or choosing the id, is not served yet and answers {@code unimplemented}.
   */
  private void add(RoutingContext rc) {
    JsonObject body = body(rc);
    if (!body.getJsonArray("admins", new JsonArray()).isEmpty()) {
      rc.fail(ConnectRefusal.unimplemented("Keygate does not add admins to a new organization yet: send no admins"));
      return;
    }
    for (String id : new String[] {"organizationId", "orgId"}) {
      if (body.getString(id) != null && !body.getString(id).isEmpty()) {
        rc.fail(ConnectRefusal.unimplemented("Keygate assigns organization ids itself: " + id + " cannot be chosen"));
        return;
      }
    }
    Replies.json(rc, orgs.create(scope(rc), body.getString("name")), org -> new JsonObject()
        .put("details", V2Renderer.details(org.sequence(), org.createdAt(), org.changedAt(), org.id()))
        .put("organizationId", org.id()));
  }
}
