package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.zitadel.ManagementEndpoint.scope;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.service.AppService;
import dev.keygate.store.ApiApp;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The management API's API applications of a project, with their client secrets and keys. */
record AppsEndpoint(AppService apps, ManagementRenderer render) implements ManagementEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "AddAPIApp" -> this::addApiApp;
      case "GetAppByID" -> rc -> Replies.json(rc,
          apps.get(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")),
          app -> new JsonObject().put("app", render.app(app)));
      case "ListApps" -> rc -> Replies.json(rc, apps.list(scope(rc), rc.pathParam("projectId"),
              ListQueries.names(DecodedBody.objectOf(rc)), ListQueries.from(DecodedBody.objectOf(rc))),
          page -> render.list(page, render::app));
      case "RemoveApp" -> rc -> Replies.json(rc,
          apps.remove(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")),
          removed -> ZitadelResponses.changed(removed.sequence(), removed.changedAt(), removed.orgId()));
      case "RegenerateAPIClientSecret" -> rc -> Replies.json(rc,
          apps.regenerateSecret(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId"),
              SecretRotationWire.previousValidFor(DecodedBody.objectOf(rc))),
          issued -> new JsonObject()
              .put("clientSecret", issued.clientSecret())
              .put("details", ZitadelResponses.details(issued.app().sequence(), null, issued.app().changedAt(),
                  issued.app().orgId())));
      case "GetAPIClientSecrets" -> rc -> Replies.json(rc,
          apps.secrets(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")), SecretRotationWire::render);
      case "EndAPIClientSecretOverlap" -> rc -> Replies.json(rc,
          apps.endSecretOverlap(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")),
          app -> ZitadelResponses.changed(app.sequence(), app.changedAt(), app.orgId()));
      case "AddAppKey" -> rc -> Replies.json(rc, apps.addKey(scope(rc), rc.pathParam("projectId"),
              rc.pathParam("appId"), ZitadelSystemApi.timestamp(DecodedBody.objectOf(rc).getString("expirationDate"))),
          key -> new JsonObject().put("id", key.keyId()).put("keyDetails", ManagementRenderer.base64(key.keyFile()))
              .put("details", ZitadelResponses.createdDetails(key.sequence(), key.at(), key.orgId())));
      default -> null;
    };
  }

  private void addApiApp(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    ApiApp.AuthMethod method = "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT".equals(body.getString("authMethodType"))
        ? ApiApp.AuthMethod.PRIVATE_KEY_JWT : ApiApp.AuthMethod.BASIC;
    Replies.json(rc, apps.createApiApp(scope(rc), rc.pathParam("projectId"), body.getString("name"), method),
        created -> {
          ApiApp app = created.app();
          JsonObject json = new JsonObject()
              .put("appId", app.id())
              .put("details", ZitadelResponses.createdDetails(app.sequence(), app.createdAt(), app.orgId()))
              .put("clientId", app.clientId());
          if (created.clientSecret() != null) {
            json.put("clientSecret", created.clientSecret());
          }
          return json;
        });
  }
}
