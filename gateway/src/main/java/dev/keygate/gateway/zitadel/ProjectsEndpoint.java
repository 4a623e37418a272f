package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.zitadel.ManagementEndpoint.scope;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.service.ProjectService;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The management API's projects: add, get, list and remove. */
record ProjectsEndpoint(ProjectService projects, ManagementRenderer render) implements ManagementEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "AddProject" -> this::addProject;
      case "GetProjectByID" -> rc -> Replies.json(rc, projects.get(scope(rc), rc.pathParam("id")),
          project -> new JsonObject().put("project", render.project(project)));
      case "ListProjects" -> rc -> Replies.json(rc, projects.list(scope(rc),
              ListQueries.names(DecodedBody.objectOf(rc)), ListQueries.from(DecodedBody.objectOf(rc))),
          page -> render.list(page, render::project));
      case "RemoveProject" -> rc -> Replies.json(rc, projects.remove(scope(rc), rc.pathParam("id")),
          removed -> ZitadelResponses.changed(removed.sequence(), removed.changedAt(), removed.orgId()));
      default -> null;
    };
  }

  private void addProject(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    Replies.json(rc, projects.create(scope(rc), body.getString("name"),
            body.getBoolean("projectRoleAssertion", false), body.getBoolean("projectRoleCheck", false),
            body.getBoolean("hasProjectCheck", false)),
        project -> new JsonObject()
            .put("id", project.id())
            .put("details", ZitadelResponses.createdDetails(project.sequence(), project.createdAt(), project.orgId())));
  }
}
