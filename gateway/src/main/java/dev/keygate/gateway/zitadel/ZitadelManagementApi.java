package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.ApiContract;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.AccessService;
import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.ProjectService;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.UserService;
import dev.keygate.store.ApiApp;
import dev.keygate.store.Page;
import dev.keygate.store.Project;
import dev.keygate.store.User;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * ZITADEL's management API v1: projects, API applications and machine users with their secrets and PATs. Every
 * operation authenticates a PAT, then checks the organization and the operation's {@code x-keygate-permission}.
 */
public final class ZitadelManagementApi extends ZitadelSurface {

  private final ApiContract contract;
  private final AccessService access;
  private final ProjectService projects;
  private final AppService apps;
  private final UserService users;
  private final Clock clock;
  private final PatAuthenticator authenticator;

  public ZitadelManagementApi(ApiContract contract, AccessService access, ProjectService projects, AppService apps,
                              UserService users, Clock clock) {
    super(contract);
    this.contract = contract;
    this.access = access;
    this.projects = projects;
    this.apps = apps;
    this.users = users;
    this.clock = clock;
    this.authenticator = new PatAuthenticator(access);
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return authenticator;
  }

  @Override
  public Handler<RoutingContext> authorize(Operation operation) {
    String permission = contract.operationExtension(operation, "x-keygate-permission");
    if (permission == null) {
      throw new IllegalStateException(operation.getOperationId() + " has no x-keygate-permission in the contract");
    }
    return new OrgPermissionAuthorizer(access, permission);
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return switch (operation.getOperationId()) {
      case "AddProject" -> this::addProject;
      case "GetProjectByID" -> rc -> ZitadelResponses.reply(rc, projects.get(scope(rc), rc.pathParam("id")),
          project -> new JsonObject().put("project", render(project)));
      case "ListProjects" -> rc -> ZitadelResponses.reply(rc,
          projects.list(scope(rc), ListQueries.from(ZitadelResponses.body(rc))), page -> list(page, this::render));
      case "RemoveProject" -> rc -> ZitadelResponses.reply(rc, projects.remove(scope(rc), rc.pathParam("id")),
          removed -> changed(removed.sequence(), removed.changedAt(), removed.orgId()));
      case "AddAPIApp" -> this::addApiApp;
      case "GetAppByID" -> rc -> ZitadelResponses.reply(rc,
          apps.get(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")),
          app -> new JsonObject().put("app", render(app)));
      case "ListApps" -> rc -> ZitadelResponses.reply(rc,
          apps.list(scope(rc), rc.pathParam("projectId"), ListQueries.from(ZitadelResponses.body(rc))),
          page -> list(page, this::render));
      case "RemoveApp" -> rc -> ZitadelResponses.reply(rc,
          apps.remove(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")),
          removed -> changed(removed.sequence(), removed.changedAt(), removed.orgId()));
      case "RegenerateAPIClientSecret" -> rc -> ZitadelResponses.reply(rc,
          apps.regenerateSecret(scope(rc), rc.pathParam("projectId"), rc.pathParam("appId")),
          issued -> new JsonObject()
              .put("clientSecret", issued.clientSecret())
              .put("details", ZitadelResponses.details(issued.app().sequence(), null, issued.app().changedAt(),
                  issued.app().orgId())));
      case "AddMachineUser" -> this::addMachineUser;
      case "AddHumanUser" -> this::addHumanUser;
      case "GetUserByID" -> rc -> ZitadelResponses.reply(rc, users.get(scope(rc), rc.pathParam("id")),
          user -> new JsonObject().put("user", render(user)));
      case "RemoveUser" -> rc -> ZitadelResponses.reply(rc, users.remove(scope(rc), rc.pathParam("id")),
          removed -> changed(removed.sequence(), removed.changedAt(), removed.orgId()));
      case "GenerateMachineSecret" -> rc -> ZitadelResponses.reply(rc,
          users.generateSecret(scope(rc), rc.pathParam("userId")),
          issued -> new JsonObject()
              .put("clientId", issued.credentialId())
              .put("clientSecret", issued.credential())
              .put("details", ZitadelResponses.createdDetails(issued.user().sequence(), issued.user().changedAt(),
                  issued.user().orgId())));
      case "RemoveMachineSecret" -> rc -> ZitadelResponses.reply(rc,
          users.removeSecret(scope(rc), rc.pathParam("userId")),
          user -> changed(user.sequence(), user.changedAt(), user.orgId()));
      case "AddPersonalAccessToken" -> this::addPersonalAccessToken;
      case "AddMachineKey" -> rc -> ZitadelResponses.reply(rc, users.addMachineKey(scope(rc), rc.pathParam("userId"),
              ZitadelSystemApi.timestamp(ZitadelResponses.body(rc).getString("expirationDate"))),
          key -> new JsonObject().put("keyId", key.keyId()).put("keyDetails", base64(key.keyFile()))
              .put("details", ZitadelResponses.createdDetails(key.sequence(), key.at(), key.orgId())));
      case "AddAppKey" -> rc -> ZitadelResponses.reply(rc, apps.addKey(scope(rc), rc.pathParam("projectId"),
              rc.pathParam("appId"), ZitadelSystemApi.timestamp(ZitadelResponses.body(rc).getString("expirationDate"))),
          key -> new JsonObject().put("id", key.keyId()).put("keyDetails", base64(key.keyFile()))
              .put("details", ZitadelResponses.createdDetails(key.sequence(), key.at(), key.orgId())));
      case "AddOrgMember" -> this::addOrgMember;
      default -> throw new IllegalStateException("no handler for " + operation.getOperationId());
    };
  }

  private void addProject(RoutingContext rc) {
    JsonObject body = ZitadelResponses.body(rc);
    ZitadelResponses.reply(rc, projects.create(scope(rc), body.getString("name"),
            body.getBoolean("projectRoleAssertion", false), body.getBoolean("projectRoleCheck", false),
            body.getBoolean("hasProjectCheck", false)),
        project -> new JsonObject()
            .put("id", project.id())
            .put("details", ZitadelResponses.createdDetails(project.sequence(), project.createdAt(), project.orgId())));
  }

  private void addApiApp(RoutingContext rc) {
    JsonObject body = ZitadelResponses.body(rc);
    ApiApp.AuthMethod method = "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT".equals(body.getString("authMethodType"))
        ? ApiApp.AuthMethod.PRIVATE_KEY_JWT : ApiApp.AuthMethod.BASIC;
    ZitadelResponses.reply(rc, apps.createApiApp(scope(rc), rc.pathParam("projectId"), body.getString("name"), method),
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

  private void addMachineUser(RoutingContext rc) {
    JsonObject body = ZitadelResponses.body(rc);
    ZitadelResponses.reply(rc, users.createMachine(scope(rc), body.getString("userName"), body.getString("name"),
            body.getString("description"), body.getString("accessTokenType", "ACCESS_TOKEN_TYPE_BEARER")),
        user -> new JsonObject()
            .put("userId", user.id())
            .put("details", ZitadelResponses.createdDetails(user.sequence(), user.createdAt(), user.orgId())));
  }

  private void addHumanUser(RoutingContext rc) {
    JsonObject body = ZitadelResponses.body(rc);
    JsonObject profile = body.getJsonObject("profile");
    JsonObject email = body.getJsonObject("email");
    ZitadelResponses.reply(rc, users.createHuman(scope(rc), body.getString("userName"), profile.getString("firstName"),
            profile.getString("lastName"), profile.getString("preferredLanguage"), email.getString("email"),
            email.getBoolean("isEmailVerified", false), body.getString("initialPassword")),
        user -> new JsonObject()
            .put("userId", user.id())
            .put("details", ZitadelResponses.createdDetails(user.sequence(), user.createdAt(), user.orgId())));
  }

  private void addOrgMember(RoutingContext rc) {
    JsonObject body = ZitadelResponses.body(rc);
    Set<User.Role> roles = EnumSet.noneOf(User.Role.class);
    body.getJsonArray("roles").forEach(role -> roles.add(User.Role.valueOf(role.toString()))); // enum checked by the contract
    Scope scope = scope(rc);
    ZitadelResponses.reply(rc, users.addOrgMember(scope, body.getString("userId"), roles),
        member -> new JsonObject().put("details",
            ZitadelResponses.createdDetails(member.orgSequence(), member.at(), scope.orgId())));
  }

  private void addPersonalAccessToken(RoutingContext rc) {
    JsonObject body = ZitadelResponses.body(rc);
    ZitadelResponses.reply(rc, users.addPersonalAccessToken(scope(rc), rc.pathParam("userId"),
            ZitadelSystemApi.timestamp(body.getString("expirationDate"))),
        issued -> new JsonObject()
            .put("tokenId", issued.credentialId())
            .put("token", issued.credential())
            .put("details", ZitadelResponses.createdDetails(issued.user().sequence(), issued.user().changedAt(),
                issued.user().orgId())));
  }

  private static String base64(byte[] keyFile) {
    return java.util.Base64.getEncoder().encodeToString(keyFile);
  }

  private static Scope scope(RoutingContext rc) {
    return rc.get(RequestKeys.SCOPE);
  }

  private static JsonObject changed(long sequence, Instant at, String orgId) {
    return new JsonObject().put("details", ZitadelResponses.details(sequence, null, at, orgId));
  }

  private <T> JsonObject list(Page<T> page, Function<T, JsonObject> render) {
    JsonObject json = new JsonObject().put("details", ZitadelResponses.listDetails(page.total(), clock.instant()));
    if (!page.items().isEmpty()) {
      JsonArray result = new JsonArray();
      page.items().forEach(item -> result.add(render.apply(item)));
      json.put("result", result);
    }
    return json;
  }

  private JsonObject render(Project project) {
    JsonObject json = new JsonObject()
        .put("id", project.id())
        .put("details", ZitadelResponses.details(project.sequence(), project.createdAt(), project.changedAt(),
            project.orgId()))
        .put("name", project.name())
        .put("state", "PROJECT_STATE_ACTIVE");
    putIfTrue(json, "projectRoleAssertion", project.projectRoleAssertion());
    putIfTrue(json, "projectRoleCheck", project.projectRoleCheck());
    putIfTrue(json, "hasProjectCheck", project.hasProjectCheck());
    return json;
  }

  /** Never the secret nor its hash; BASIC is enum value 0, which protojson omits. */
  private JsonObject render(ApiApp app) {
    JsonObject apiConfig = new JsonObject().put("clientId", app.clientId());
    if (app.authMethod() == ApiApp.AuthMethod.PRIVATE_KEY_JWT) {
      apiConfig.put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    }
    return new JsonObject()
        .put("id", app.id())
        .put("details", ZitadelResponses.details(app.sequence(), app.createdAt(), app.changedAt(), app.orgId()))
        .put("state", "APP_STATE_ACTIVE")
        .put("name", app.name())
        .put("apiConfig", apiConfig);
  }

  /** Never a password hash or secret hash; {@code hasSecret} only says whether one is set. */
  private JsonObject render(User user) {
    JsonObject json = new JsonObject()
        .put("id", user.id())
        .put("details", ZitadelResponses.details(user.sequence(), user.createdAt(), user.changedAt(), user.orgId()))
        .put("state", "USER_STATE_ACTIVE")
        .put("userName", user.userName())
        .put("loginNames", new JsonArray().add(user.userName()))
        .put("preferredLoginName", user.userName());
    if (user.isMachine()) {
      JsonObject machine = new JsonObject().put("name", user.displayName());
      if (user.description() != null && !user.description().isEmpty()) {
        machine.put("description", user.description());
      }
      putIfTrue(machine, "hasSecret", user.hasSecret());
      if ("ACCESS_TOKEN_TYPE_JWT".equals(user.accessTokenType())) {
        machine.put("accessTokenType", "ACCESS_TOKEN_TYPE_JWT");
      }
      json.put("machine", machine);
    } else {
      JsonObject profile = new JsonObject()
          .put("firstName", user.firstName())
          .put("lastName", user.lastName())
          .put("displayName", user.displayName());
      if (user.preferredLanguage() != null) {
        profile.put("preferredLanguage", user.preferredLanguage());
      }
      JsonObject email = new JsonObject().put("email", user.email());
      putIfTrue(email, "isEmailVerified", user.emailVerified());
      json.put("human", new JsonObject().put("profile", profile).put("email", email));
    }
    return json;
  }

  private static void putIfTrue(JsonObject json, String key, boolean value) {
    if (value) {
      json.put(key, true);
    }
  }
}
