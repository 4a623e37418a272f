package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.V2Requests.body;
import static dev.keygate.gateway.zitadel.v2.V2Requests.scope;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.ProjectService;
import dev.keygate.gateway.zitadel.TextQueries;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code zitadel.project.v2.ProjectService} and its v2beta twin, which differ only in the name of the id field
 * ({@code projectId}, {@code id}): create, get, list and delete, on the projects of the v1 management API.
 */
record ProjectsV2Endpoint(ProjectService projects, Clock clock) implements SurfaceEndpoint {

  static final String V2 = "zitadel.project.v2.ProjectService.";
  static final String BETA = "zitadel.project.v2beta.ProjectService.";

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    boolean beta = operationId.startsWith(BETA);
    if (!beta && !operationId.startsWith(V2)) {
      return null;
    }
    String id = beta ? "id" : "projectId";
    return switch (operationId.substring((beta ? BETA : V2).length())) {
      case "CreateProject" -> rc -> create(rc, id);
      case "GetProject" -> rc -> Replies.json(rc, projects.get(scope(rc), body(rc).getString(id)),
          project -> new JsonObject().put("project", V2Renderer.project(project, beta)));
      case "ListProjects" -> rc -> list(rc, operationId, beta);
      case "DeleteProject" -> rc -> Replies.json(rc, delete(rc, body(rc).getString(id)),
          deleted -> deleted ? new JsonObject().put("deletionDate", V2Renderer.time(clock.instant()))
              : new JsonObject());
      default -> null;
    };
  }

  private void create(RoutingContext rc, String idField) {
    JsonObject body = body(rc);
    if (body.getString(idField) != null && !body.getString(idField).isEmpty()) {
      rc.fail(ConnectRefusal.unimplemented("Keygate assigns project ids itself: " + idField + " cannot be chosen"));
      return;
    }
    Replies.json(rc, projects.create(scope(rc), body.getString("name"), body.getBoolean("projectRoleAssertion", false),
            body.getBoolean("authorizationRequired", false), body.getBoolean("projectAccessRequired", false)),
        project -> new JsonObject().put(idField, project.id())
            .put("creationDate", V2Renderer.time(project.createdAt())));
  }

  /**
   * One page of the projects of one organization: the one the filters name (the authorizer has checked it), else the
   * caller's; only those whose name matches every {@code projectNameFilter}. Organization filters that name different
   * organizations, or ask for granted projects (Keygate has no project grants), find none. {@code inProjectIdsFilter}
   * is not served: asking for it is {@code unimplemented}, never ignored.
   */
  private void list(RoutingContext rc, String operationId, boolean beta) {
    JsonObject body = body(rc);
    PageRequest page = V2Requests.page(body);
    List<TextMatch> names = new ArrayList<>();
    boolean none = !V2Requests.onlyScopeNamed(rc, operationId);
    for (Object entry : body.getJsonArray("filters", new JsonArray())) {
      JsonObject filter = (JsonObject) entry;
      JsonObject byName = filter.getJsonObject("projectNameFilter");
      if (byName != null) {
        names.add(TextQueries.match(byName.getString("projectName"), byName.getString("method")));
      } else if (OrganizationFilters.namesOrganization(operationId, filter)) {
        JsonObject byOrg = filter.getJsonObject("organizationIdFilter");
        none |= byOrg != null && "GRANTED".equals(byOrg.getString("type"));
      } else {
        rc.fail(ConnectRefusal.unimplemented("Keygate filters projects by organization and name only, for now"));
        return;
      }
    }
    Future<Page<Project>> found = none ? Future.succeededFuture(new Page<>(List.of(), 0))
        : projects.list(scope(rc), names, page);
    Replies.json(rc, found,
        result -> V2Renderer.list(result, page.limit(), "projects", project -> V2Renderer.project(project, beta)));
  }

  /**
   * Whether this call deleted the project: ZITADEL's v2 delete of a project that is already gone succeeds too,
   * answered without a {@code deletionDate}.
   */
  private Future<Boolean> delete(RoutingContext rc, String projectId) {
    return projects.remove(scope(rc), projectId).map(true).recover(failure ->
        failure instanceof DomainException domain && domain.error() == DomainError.PROJECT_NOT_FOUND
            ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }
}
