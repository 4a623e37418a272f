package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.V2Requests.body;
import static dev.keygate.gateway.zitadel.v2.V2Requests.scope;

import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.OrganizationService;
import dev.keygate.gateway.service.access.Caller;
import dev.keygate.gateway.zitadel.TextQueries;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
      case "ListOrganizations" -> this::list;
      default -> null;
    };
  }

  /**
   * One page of the organizations the caller may see (an instance owner every one of the instance, anyone else their
   * own), only those whose name matches every {@code nameQuery} and whose id is every {@code idQuery}'s: the queries
   * are combined with AND, and an id the caller may not see finds none, as ZITADEL's permission filter does.
   */
  private void list(RoutingContext rc) {
    JsonObject body = body(rc);
    PageRequest page = V2Requests.page(body);
    Set<String> ids = new HashSet<>();
    List<TextMatch> names = new ArrayList<>();
    for (Object entry : body.getJsonArray("queries", new JsonArray())) {
      JsonObject query = (JsonObject) entry;
      if (query.getJsonObject("nameQuery") != null) {
        JsonObject byName = query.getJsonObject("nameQuery");
        names.add(TextQueries.match(byName.getString("name"), byName.getString("method")));
      } else {
        ids.add(query.getJsonObject("idQuery").getString("id")); // the contract lets no other kind through
      }
    }
    Caller caller = rc.get(RequestKeys.CALLER);
    boolean wholeInstance = caller.roles().contains(User.Role.IAM_OWNER);
    Future<Page<Organization>> found = ids.size() > 1 ? Future.succeededFuture(new Page<>(List.of(), 0))
        : orgs.list(scope(rc), wholeInstance, ids.isEmpty() ? null : ids.iterator().next(), names, page);
    Replies.json(rc, found,
        result -> V2Renderer.listWithDetails(result, clock.instant(), "result", V2Renderer::organization));
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
