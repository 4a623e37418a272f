package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.V2Requests.body;
import static dev.keygate.gateway.zitadel.v2.V2Requests.scope;

import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.LastUsed;
import dev.keygate.gateway.zitadel.SecretRotationWire;
import dev.keygate.gateway.zitadel.TextQueries;
import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code zitadel.application.v2.ApplicationService} and v2beta's {@code zitadel.app.v2beta.AppService}, for API
 * applications (client id with a secret, or keys): the apps of the v1 management API under v2's names. OIDC and SAML
 * applications are not Keygate's: asking for one is {@code unimplemented}.
 */
record ApplicationsV2Endpoint(AppService apps, Clock clock) implements SurfaceEndpoint {

  static final String V2 = "zitadel.application.v2.ApplicationService.";
  static final String BETA = "zitadel.app.v2beta.AppService.";

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    if (operationId.startsWith(V2)) {
      return v2(operationId.substring(V2.length()));
    }
    return operationId.startsWith(BETA) ? beta(operationId.substring(BETA.length())) : null;
  }

  private Handler<RoutingContext> v2(String method) {
    return switch (method) {
      case "CreateApplication" -> rc -> create(rc, "applicationId", "apiConfiguration", "applicationId",
          "apiConfiguration");
      case "GetApplication" -> rc -> Replies.json(rc, apps.get(scope(rc), body(rc).getString("applicationId")),
          app -> new JsonObject().put("application", V2Renderer.application(app)));
      case "ListApplications" -> rc -> list(rc, "applications", V2Renderer::application);
      case "DeleteApplication" -> rc -> delete(rc, "applicationId");
      case "GenerateClientSecret" -> rc -> regenerate(rc, "applicationId");
      case "GetClientSecrets" -> rc -> Replies.json(rc, apps.secrets(scope(rc), body(rc).getString("projectId"),
          body(rc).getString("applicationId")), V2Renderer::secrets);
      case "EndClientSecretOverlap" -> rc -> Replies.json(rc, apps.endSecretOverlap(scope(rc),
              body(rc).getString("projectId"), body(rc).getString("applicationId")),
          app -> new JsonObject().put("deletionDate", V2Renderer.time(app.changedAt())));
      case "CreateApplicationKey" -> this::createKey;
      case "ListApplicationKeys" -> this::listKeys;
      case "DeleteApplicationKey" -> rc -> {
        JsonObject body = body(rc);
        Replies.json(rc, apps.removeKey(scope(rc), body.getString("projectId"), body.getString("applicationId"),
            body.getString("keyId")), removed -> new JsonObject().put("deletionDate",
            V2Renderer.time(clock.instant())));
      };
      default -> null;
    };
  }

  private Handler<RoutingContext> beta(String method) {
    return switch (method) {
      case "CreateApplication" -> rc -> create(rc, "id", "apiRequest", "appId", "apiResponse");
      case "GetApplication" -> rc -> Replies.json(rc, apps.get(scope(rc), body(rc).getString("id")),
          app -> new JsonObject().put("app", V2Renderer.betaApplication(app)));
      case "ListApplications" -> rc -> list(rc, "applications", V2Renderer::betaApplication);
      case "DeleteApplication" -> rc -> delete(rc, "id");
      case "RegenerateClientSecret" -> rc -> regenerate(rc, "applicationId");
      default -> null;
    };
  }

  /**
   * A new API app: v2 reads {@code apiConfiguration} and answers {@code applicationId} and {@code apiConfiguration},
   * v2beta reads {@code apiRequest} and answers {@code appId} and {@code apiResponse}. The client secret is shown
   * here only, for BASIC apps.
   */
  private void create(RoutingContext rc, String idField, String configField, String answerIdField,
                      String answerConfigField) {
    JsonObject body = body(rc);
    if (body.getString(idField) != null && !body.getString(idField).isEmpty()) {
      rc.fail(ConnectRefusal.unimplemented("Keygate assigns application ids itself: " + idField
          + " cannot be chosen"));
      return;
    }
    JsonObject config = body.getJsonObject(configField);
    if (config == null) {
      rc.fail(ConnectRefusal.unimplemented("Keygate serves API applications only: send " + configField));
      return;
    }
    ApiApp.AuthMethod method = "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT".equals(config.getString("authMethodType"))
        ? ApiApp.AuthMethod.PRIVATE_KEY_JWT : ApiApp.AuthMethod.BASIC;
    Replies.json(rc, apps.createApiApp(scope(rc), body.getString("projectId"), body.getString("name"), method),
        created -> {
          JsonObject answer = new JsonObject().put("clientId", created.app().clientId());
          if (created.clientSecret() != null) {
            answer.put("clientSecret", created.clientSecret());
          }
          return new JsonObject().put(answerIdField, created.app().id())
              .put("creationDate", V2Renderer.time(created.app().createdAt()))
              .put(answerConfigField, answer);
        });
  }

  /**
   * One page of the organization's API apps, or of one project's ({@code projectIdFilter}, v2; v2beta's
   * {@code projectId}), only those whose name matches every {@code nameFilter}; the filters are combined with AND,
   * so two different projects find none. {@code apiAppOnly} keeps every app (each is an API app). Other filters are
   * not served yet: asking for one is {@code unimplemented}, never ignored.
   */
  private void list(RoutingContext rc, String field, Function<ApiApp, JsonObject> render) {
    JsonObject body = body(rc);
    PageRequest page = V2Requests.page(body);
    Set<String> projectIds = new HashSet<>();
    if (body.getString("projectId") != null) {
      projectIds.add(body.getString("projectId"));
    }
    List<TextMatch> names = new ArrayList<>();
    for (Object filter : body.getJsonArray("filters", new JsonArray())) {
      JsonObject one = (JsonObject) filter;
      if (one.getJsonObject("projectIdFilter") != null) {
        projectIds.add(one.getJsonObject("projectIdFilter").getString("projectId"));
      } else if (one.getJsonObject("nameFilter") != null) {
        JsonObject byName = one.getJsonObject("nameFilter");
        names.add(TextQueries.match(byName.getString("name"), byName.getString("method")));
      } else if (!one.getBoolean("apiAppOnly", false)) {
        rc.fail(ConnectRefusal.unimplemented("Keygate filters applications by project and name only, for now"));
        return;
      }
    }
    Future<Page<ApiApp>> found;
    if (projectIds.size() > 1) {
      found = Future.succeededFuture(new Page<>(List.of(), 0));
    } else if (projectIds.isEmpty()) {
      found = apps.listOfOrg(scope(rc), names, page);
    } else {
      found = apps.list(scope(rc), projectIds.iterator().next(), names, page);
    }
    Replies.json(rc, found, result -> V2Renderer.list(result, page.limit(), field, render));
  }

  /**
   * Deletes an app. Keygate keeps no record of deleted apps, so an unknown one is 404, where ZITADEL answers a repeated
   * delete with the first deletion's date.
   */
  private void delete(RoutingContext rc, String idField) {
    JsonObject body = body(rc);
    Replies.json(rc, apps.remove(scope(rc), body.getString("projectId"), body.getString(idField)),
        done -> new JsonObject().put("deletionDate", V2Renderer.time(clock.instant())));
  }

  private void regenerate(RoutingContext rc, String idField) {
    JsonObject body = body(rc);
    Replies.json(rc, apps.regenerateSecret(scope(rc), body.getString("projectId"), body.getString(idField),
            SecretRotationWire.previousValidFor(body)),
        issued -> new JsonObject().put("clientSecret", issued.clientSecret())
            .put("creationDate", V2Renderer.time(issued.app().changedAt())));
  }

  private void createKey(RoutingContext rc) {
    JsonObject body = body(rc);
    Replies.json(rc, apps.addKey(scope(rc), body.getString("projectId"), body.getString("applicationId"),
            V2Requests.instant(body, "expirationDate")),
        key -> new JsonObject().put("keyId", key.keyId()).put("creationDate", V2Renderer.time(key.at()))
            .put("keyDetails", Base64.getEncoder().encodeToString(key.keyFile())));
  }

  /** The keys of one app, named by an {@code applicationIdFilter}; listing by project or organization comes later. */
  private void listKeys(RoutingContext rc) {
    JsonObject body = body(rc);
    JsonArray filters = body.getJsonArray("filters", new JsonArray());
    JsonObject byApp = filters.size() == 1 ? filters.getJsonObject(0).getJsonObject("applicationIdFilter") : null;
    if (byApp == null) {
      rc.fail(ConnectRefusal.unimplemented("Keygate lists the keys of one application: send one applicationIdFilter"));
      return;
    }
    PageRequest page = V2Requests.page(body);
    Replies.json(rc, apps.get(scope(rc), byApp.getString("applicationId"))
            .compose(app -> apps.keys(scope(rc), app.projectId(), app.id(), page)),
        keys -> V2Renderer.list(keys, page.limit(), "keys", ApplicationsV2Endpoint::key));
  }

  private static JsonObject key(LastUsed<AppKey> used) {
    AppKey key = used.credential();
    JsonObject json = new JsonObject().put("keyId", key.id()).put("applicationId", key.appId())
        .put("projectId", key.projectId()).put("organizationId", key.orgId())
        .put("creationDate", V2Renderer.time(key.createdAt()));
    if (key.expiresAt() != null) {
      json.put("expirationDate", V2Renderer.time(key.expiresAt()));
    }
    return V2Renderer.withLastUse(json, used.lastUsedAt());
  }
}
