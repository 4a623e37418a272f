package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.Timestamp;
import dev.keygate.gateway.grpc.proto.app.APIAuthMethodType;
import dev.keygate.gateway.grpc.proto.app.App;
import dev.keygate.gateway.grpc.proto.authn.KeyType;
import dev.keygate.gateway.grpc.proto.instance.InstanceDetail;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppRequest;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppResponse;
import dev.keygate.gateway.grpc.proto.management.AddAppKeyRequest;
import dev.keygate.gateway.grpc.proto.management.AddAppKeyResponse;
import dev.keygate.gateway.grpc.proto.management.AddMachineUserRequest;
import dev.keygate.gateway.grpc.proto.management.AddMachineUserResponse;
import dev.keygate.gateway.grpc.proto.management.AddPersonalAccessTokenRequest;
import dev.keygate.gateway.grpc.proto.management.AddPersonalAccessTokenResponse;
import dev.keygate.gateway.grpc.proto.management.AddProjectRequest;
import dev.keygate.gateway.grpc.proto.management.AddProjectResponse;
import dev.keygate.gateway.grpc.proto.management.GenerateMachineSecretRequest;
import dev.keygate.gateway.grpc.proto.management.GenerateMachineSecretResponse;
import dev.keygate.gateway.grpc.proto.management.GetAppByIDRequest;
import dev.keygate.gateway.grpc.proto.management.GetAppByIDResponse;
import dev.keygate.gateway.grpc.proto.management.GetProjectByIDRequest;
import dev.keygate.gateway.grpc.proto.management.GetProjectByIDResponse;
import dev.keygate.gateway.grpc.proto.management.GetUserByIDRequest;
import dev.keygate.gateway.grpc.proto.management.GetUserByIDResponse;
import dev.keygate.gateway.grpc.proto.management.RegenerateAPIClientSecretRequest;
import dev.keygate.gateway.grpc.proto.management.RegenerateAPIClientSecretResponse;
import dev.keygate.gateway.grpc.proto.management.RemoveAppRequest;
import dev.keygate.gateway.grpc.proto.management.RemoveProjectRequest;
import dev.keygate.gateway.grpc.proto.management.RemoveUserRequest;
import dev.keygate.gateway.grpc.proto.project.Project;
import dev.keygate.gateway.grpc.proto.system.GetInstanceRequest;
import dev.keygate.gateway.grpc.proto.system.GetInstanceResponse;
import dev.keygate.gateway.grpc.proto.user.User;
import dev.keygate.gateway.grpc.proto.v1.ObjectDetails;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ZITADEL's promise across its API generations: an object created through v2 (Connect) reads back identically
 * through v1 REST, v1 gRPC and v2, and one created through v1 identically through v2; a change or a delete on one side
 * is what the other side shows. Each kind of object has a small mapping from each wire to one neutral view, and the
 * views are compared whole. Where a generation does not show a field, its view says so ({@code v2Shows()}) and why.
 */
class AcrossGenerationsTest extends GatewayTest {

  private static final String MANAGEMENT = "zitadel.management.v1.ManagementService/";
  private static final String SYSTEM = "zitadel.system.v1.SystemService/";
  private static final String PROJECTS = "zitadel.project.v2.ProjectService/";
  private static final String PROJECTS_BETA = "zitadel.project.v2beta.ProjectService/";
  private static final String APPS = "zitadel.application.v2.ApplicationService/";
  private static final String APPS_BETA = "zitadel.app.v2beta.AppService/";
  private static final String USERS = "zitadel.user.v2.UserService/";
  private static final String ORGS = "zitadel.org.v2.OrganizationService/";
  private static final String INSTANCES = "zitadel.instance.v2.InstanceService/";
  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final String EXPIRES = "2099-01-02T03:04:05Z";

  /** The four ways in: v1 as REST (grpc-gateway JSON) and as gRPC, v2 and v2beta as Connect's unary JSON. */
  enum Wire { V1_REST, V1_GRPC, V2, V2_BETA }

  /** What a create answered: the id, the creation instant and, where the wire shows one, the sequence. */
  record Created(String id, Instant at, Long sequence) {}

  private Connect connect;
  private GrpcClient grpc;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
    grpc = new GrpcClient(gateway.port());
  }

  @AfterAll
  void disconnect() {
    grpc.close();
  }

  // ------------------------------------------------------------------------------------------------------- projects

  /** A project as every wire shows it. */
  record ProjectView(String id, String orgId, String name, String state, boolean roleAssertion, boolean roleCheck,
                     boolean projectCheck, Instant created, Instant changed, Long sequence) {

    static ProjectView v1(JsonObject project) {
      JsonObject details = project.getJsonObject("details");
      return new ProjectView(text(project, "id"), text(details, "resourceOwner"), text(project, "name"),
          stateOf(text(project, "state")), project.getBoolean("projectRoleAssertion", false),
          project.getBoolean("projectRoleCheck", false), project.getBoolean("hasProjectCheck", false),
          instant(text(details, "creationDate")), instant(text(details, "changeDate")), sequenceOf(details));
    }

    static ProjectView grpc(Project project) {
      ObjectDetails details = project.getDetails();
      return new ProjectView(project.getId(), details.getResourceOwner(), project.getName(),
          stateOf(project.getState().name()), project.getProjectRoleAssertion(), project.getProjectRoleCheck(),
          project.getHasProjectCheck(), instant(details.getCreationDate()), instant(details.getChangeDate()),
          details.getSequence());
    }

    /**
     * v2 renamed two flags ({@code projectRoleCheck} is {@code authorizationRequired}, {@code hasProjectCheck} is
     * {@code projectAccessRequired}) and flattened the details; v2beta names the id {@code id}.
     */
    static ProjectView v2(JsonObject project, boolean beta) {
      return new ProjectView(text(project, beta ? "id" : "projectId"), text(project, "organizationId"),
          text(project, "name"), stateOf(text(project, "state")), project.getBoolean("projectRoleAssertion", false),
          project.getBoolean("authorizationRequired", false), project.getBoolean("projectAccessRequired", false),
          instant(text(project, "creationDate")), instant(text(project, "changeDate")), null);
    }

    /** ZITADEL's v2 Project has no {@code details}, so no sequence. */
    ProjectView v2Shows() {
      return new ProjectView(id, orgId, name, state, roleAssertion, roleCheck, projectCheck, created, changed, null);
    }
  }

  private Created createProject(Wire wire, String name) {
    return switch (wire) {
      case V1_REST -> created(ok(http.post("/management/v1/projects", acme.pat(), new JsonObject().put("name", name)
          .put("projectRoleAssertion", true).put("projectRoleCheck", true))), "id");
      case V1_GRPC -> {
        AddProjectResponse answer = grpcOk(MANAGEMENT + "AddProject", AddProjectRequest.newBuilder().setName(name)
            .setProjectRoleAssertion(true).setProjectRoleCheck(true).build(), AddProjectResponse.parser());
        yield new Created(answer.getId(), instant(answer.getDetails().getCreationDate()),
            answer.getDetails().getSequence());
      }
      case V2, V2_BETA -> {
        boolean beta = wire == Wire.V2_BETA;
        JsonObject answer = connect.ok((beta ? PROJECTS_BETA : PROJECTS) + "CreateProject", acme.pat(),
            new JsonObject().put("organizationId", acme.orgId()).put("name", name).put("projectRoleAssertion", true)
                .put("authorizationRequired", true));
        yield new Created(text(answer, beta ? "id" : "projectId"), instant(text(answer, "creationDate")), null);
      }
    };
  }

  private ProjectView readProject(Wire wire, String id) {
    return switch (wire) {
      case V1_REST -> ProjectView.v1(ok(http.get("/management/v1/projects/" + id, acme.pat()))
          .getJsonObject("project"));
      case V1_GRPC -> ProjectView.grpc(grpcOk(MANAGEMENT + "GetProjectByID", GetProjectByIDRequest.newBuilder()
          .setId(id).build(), GetProjectByIDResponse.parser()).getProject());
      case V2 -> ProjectView.v2(connect.ok(PROJECTS + "GetProject", acme.pat(), new JsonObject()
          .put("projectId", id)).getJsonObject("project"), false);
      case V2_BETA -> ProjectView.v2(connect.ok(PROJECTS_BETA + "GetProject", acme.pat(), new JsonObject()
          .put("id", id)).getJsonObject("project"), true);
    };
  }

  private void removeProject(Wire wire, String id) {
    switch (wire) {
      case V1_REST -> ok(http.delete("/management/v1/projects/" + id, acme.pat()));
      case V1_GRPC -> grpcOk(MANAGEMENT + "RemoveProject", RemoveProjectRequest.newBuilder().setId(id).build(), null);
      case V2 -> connect.ok(PROJECTS + "DeleteProject", acme.pat(), new JsonObject().put("projectId", id));
      case V2_BETA -> connect.ok(PROJECTS_BETA + "DeleteProject", acme.pat(), new JsonObject().put("id", id));
      default -> throw new IllegalArgumentException(wire.name());
    }
  }

  private void assertProjectGone(Wire wire, String id) {
    String text = "Project not found";
    String errorId = "QUERY-Sfmb2";
    switch (wire) {
      case V1_REST -> assertError(http.get("/management/v1/projects/" + id, acme.pat()), 404, 5, text, errorId);
      case V1_GRPC -> assertGrpcNotFound(MANAGEMENT + "GetProjectByID", GetProjectByIDRequest.newBuilder().setId(id)
          .build(), text, errorId);
      case V2 -> assertConnectError(connect.call(PROJECTS + "GetProject", acme.pat(), new JsonObject()
          .put("projectId", id)), 404, "not_found", text, errorId);
      case V2_BETA -> assertConnectError(connect.call(PROJECTS_BETA + "GetProject", acme.pat(), new JsonObject()
          .put("id", id)), 404, "not_found", text, errorId);
      default -> throw new IllegalArgumentException(wire.name());
    }
  }

  @ParameterizedTest(name = "created on {0}, removed on {1}")
  @CsvSource({"V2, V1_REST", "V2_BETA, V1_GRPC", "V1_REST, V2", "V1_GRPC, V2_BETA"})
  void aProjectReadsBackIdenticallyOnEveryWireAndItsRemovalIsSeenEverywhere(Wire creator, Wire remover) {
    Created created = createProject(creator, "across-" + creator);

    ProjectView v1 = readProject(Wire.V1_REST, created.id());
    assertThat(v1).isEqualTo(new ProjectView(created.id(), acme.orgId(), "across-" + creator, "ACTIVE", true, true,
        false, created.at(), created.at(), v1.sequence()));
    if (created.sequence() != null) {
      assertThat(v1.sequence()).isEqualTo(created.sequence());
    }
    assertThat(readProject(Wire.V1_GRPC, created.id())).isEqualTo(v1);
    assertThat(readProject(Wire.V2, created.id())).isEqualTo(v1.v2Shows());
    assertThat(readProject(Wire.V2_BETA, created.id())).isEqualTo(v1.v2Shows());

    removeProject(remover, created.id());
    for (Wire wire : Wire.values()) {
      assertProjectGone(wire, created.id());
    }
  }

  /**
   * The event log behind both generations: an app added through v1 is an event of its project's aggregate (as in
   * ZITADEL), so the project's v1 sequence and change date move to the app's, and v2 shows the same change date.
   */
  @Test
  void aV1ChangeOfAV2ProjectMovesItsSequenceAndChangeDateOnBothGenerations() {
    Created created = createProject(Wire.V2, "evented-project");
    ProjectView before = readProject(Wire.V1_REST, created.id());

    JsonObject app = ok(http.post("/management/v1/projects/" + created.id() + "/apps/api", acme.pat(),
        new JsonObject().put("name", "changes-the-project")));
    long sequence = sequenceOf(app.getJsonObject("details"));
    Instant at = instant(text(app.getJsonObject("details"), "creationDate"));

    ProjectView after = readProject(Wire.V1_REST, created.id());
    assertThat(after.sequence()).isEqualTo(sequence).isGreaterThan(before.sequence());
    assertThat(after.changed()).isEqualTo(at).isAfterOrEqualTo(before.changed());
    assertThat(after).isEqualTo(new ProjectView(before.id(), before.orgId(), before.name(), before.state(),
        before.roleAssertion(), before.roleCheck(), before.projectCheck(), before.created(), at, sequence));
    assertThat(readProject(Wire.V1_GRPC, created.id())).isEqualTo(after);
    assertThat(readProject(Wire.V2, created.id())).isEqualTo(after.v2Shows());
  }

  // ----------------------------------------------------------------------------------------------------------- apps

  /** An API app as every wire shows it. */
  record AppView(String id, String orgId, String name, String state, String clientId, String authMethod,
                 Instant created, Instant changed, Long sequence) {

    static AppView v1(JsonObject app) {
      JsonObject details = app.getJsonObject("details");
      JsonObject config = app.getJsonObject("apiConfig");
      return new AppView(text(app, "id"), text(details, "resourceOwner"), text(app, "name"),
          stateOf(text(app, "state")), text(config, "clientId"), authMethod(config),
          instant(text(details, "creationDate")), instant(text(details, "changeDate")), sequenceOf(details));
    }

    static AppView grpc(App app) {
      ObjectDetails details = app.getDetails();
      return new AppView(app.getId(), details.getResourceOwner(), app.getName(), stateOf(app.getState().name()),
          app.getApiConfig().getClientId(), app.getApiConfig().getAuthMethodType().name(),
          instant(details.getCreationDate()), instant(details.getChangeDate()), details.getSequence());
    }

    /**
     * v2 renamed the enum of the state ({@code APPLICATION_STATE_*}; v2beta kept {@code APP_STATE_*}), the id
     * ({@code applicationId}; v2beta {@code id}) and the configuration ({@code apiConfiguration}; v2beta
     * {@code apiConfig}).
     */
    static AppView v2(JsonObject app, boolean beta) {
      JsonObject config = app.getJsonObject(beta ? "apiConfig" : "apiConfiguration");
      return new AppView(text(app, beta ? "id" : "applicationId"), null, text(app, "name"),
          stateOf(text(app, "state")), text(config, "clientId"), authMethod(config),
          instant(text(app, "creationDate")), instant(text(app, "changeDate")), null);
    }

    /**
     * ZITADEL's v2 Application has no {@code details}: no sequence and no resource owner (v2 names the project
     * instead, checked where it is read).
     */
    AppView v2Shows() {
      return new AppView(id, null, name, state, clientId, authMethod, created, changed, null);
    }

    /** protojson omits BASIC, enum value 0, on both generations. */
    private static String authMethod(JsonObject config) {
      return config.getString("authMethodType", "API_AUTH_METHOD_TYPE_BASIC");
    }
  }

  /** A new app: the create's answer and the client secret it showed (null for a key app). */
  record NewApp(Created created, String clientId, String clientSecret) {}

  private NewApp createApp(Wire wire, String project, String name, String authMethod) {
    switch (wire) {
      case V1_REST -> {
        JsonObject answer = ok(http.post("/management/v1/projects/" + project + "/apps/api", acme.pat(),
            new JsonObject().put("name", name).put("authMethodType", authMethod)));
        return new NewApp(created(answer, "appId"), text(answer, "clientId"), answer.getString("clientSecret"));
      }
      case V1_GRPC -> {
        AddAPIAppResponse answer = grpcOk(MANAGEMENT + "AddAPIApp", AddAPIAppRequest.newBuilder().setProjectId(project)
            .setName(name).setAuthMethodType(APIAuthMethodType.valueOf(authMethod)).build(),
            AddAPIAppResponse.parser());
        return new NewApp(new Created(answer.getAppId(), instant(answer.getDetails().getCreationDate()),
            answer.getDetails().getSequence()), answer.getClientId(),
            answer.getClientSecret().isEmpty() ? null : answer.getClientSecret());
      }
      default -> {
        boolean beta = wire == Wire.V2_BETA;
        JsonObject answer = connect.ok((beta ? APPS_BETA : APPS) + "CreateApplication", acme.pat(), new JsonObject()
            .put("projectId", project).put("name", name).put(beta ? "apiRequest" : "apiConfiguration",
                new JsonObject().put("authMethodType", authMethod)));
        JsonObject config = answer.getJsonObject(beta ? "apiResponse" : "apiConfiguration");
        return new NewApp(new Created(text(answer, beta ? "appId" : "applicationId"),
            instant(text(answer, "creationDate")), null), text(config, "clientId"), config.getString("clientSecret"));
      }
    }
  }

  private AppView readApp(Wire wire, String project, String appId) {
    return switch (wire) {
      case V1_REST -> AppView.v1(ok(http.get("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()))
          .getJsonObject("app"));
      case V1_GRPC -> AppView.grpc(grpcOk(MANAGEMENT + "GetAppByID", GetAppByIDRequest.newBuilder()
          .setProjectId(project).setAppId(appId).build(), GetAppByIDResponse.parser()).getApp());
      case V2 -> {
        JsonObject app = connect.ok(APPS + "GetApplication", acme.pat(), new JsonObject().put("applicationId", appId))
            .getJsonObject("application");
        assertThat(app.getString("projectId")).as("v2 names the app's project").isEqualTo(project);
        yield AppView.v2(app, false);
      }
      case V2_BETA -> AppView.v2(connect.ok(APPS_BETA + "GetApplication", acme.pat(), new JsonObject()
          .put("id", appId)).getJsonObject("app"), true);
    };
  }

  private void removeApp(Wire wire, String project, String appId) {
    switch (wire) {
      case V1_REST -> ok(http.delete("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()));
      case V1_GRPC -> grpcOk(MANAGEMENT + "RemoveApp", RemoveAppRequest.newBuilder().setProjectId(project)
          .setAppId(appId).build(), null);
      case V2 -> connect.ok(APPS + "DeleteApplication", acme.pat(), new JsonObject().put("projectId", project)
          .put("applicationId", appId));
      case V2_BETA -> connect.ok(APPS_BETA + "DeleteApplication", acme.pat(), new JsonObject()
          .put("projectId", project).put("id", appId));
      default -> throw new IllegalArgumentException(wire.name());
    }
  }

  private void assertAppGone(Wire wire, String project, String appId) {
    String text = "App not found";
    String errorId = "QUERY-bxqa8";
    switch (wire) {
      case V1_REST -> assertError(http.get("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()), 404,
          5, text, errorId);
      case V1_GRPC -> assertGrpcNotFound(MANAGEMENT + "GetAppByID", GetAppByIDRequest.newBuilder()
          .setProjectId(project).setAppId(appId).build(), text, errorId);
      case V2 -> assertConnectError(connect.call(APPS + "GetApplication", acme.pat(), new JsonObject()
          .put("applicationId", appId)), 404, "not_found", text, errorId);
      case V2_BETA -> assertConnectError(connect.call(APPS_BETA + "GetApplication", acme.pat(), new JsonObject()
          .put("id", appId)), 404, "not_found", text, errorId);
      default -> throw new IllegalArgumentException(wire.name());
    }
  }

  @ParameterizedTest(name = "{1} app created on {0}, removed on {2}")
  @CsvSource({
      "V2, API_AUTH_METHOD_TYPE_BASIC, V1_REST",
      "V2, API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT, V1_GRPC",
      "V2_BETA, API_AUTH_METHOD_TYPE_BASIC, V1_GRPC",
      "V2_BETA, API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT, V1_REST",
      "V1_REST, API_AUTH_METHOD_TYPE_BASIC, V2",
      "V1_REST, API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT, V2_BETA",
      "V1_GRPC, API_AUTH_METHOD_TYPE_BASIC, V2_BETA",
      "V1_GRPC, API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT, V2"})
  void anApiAppReadsBackIdenticallyOnEveryWireAndItsRemovalIsSeenEverywhere(Wire creator, String authMethod,
                                                                            Wire remover) {
    String project = gateway.tenants().project(acme, "apps-" + creator + "-" + authMethod);
    NewApp app = createApp(creator, project, "across", authMethod);
    String appId = app.created().id();
    boolean basic = authMethod.endsWith("BASIC");
    assertThat(app.clientSecret() != null).as("a secret for BASIC apps only").isEqualTo(basic);

    AppView v1 = readApp(Wire.V1_REST, project, appId);
    assertThat(v1).isEqualTo(new AppView(appId, acme.orgId(), "across", "ACTIVE", app.clientId(), authMethod,
        app.created().at(), app.created().at(), v1.sequence()));
    if (app.created().sequence() != null) {
      assertThat(v1.sequence()).isEqualTo(app.created().sequence());
    }
    assertThat(readApp(Wire.V1_GRPC, project, appId)).isEqualTo(v1);
    assertThat(readApp(Wire.V2, project, appId)).isEqualTo(v1.v2Shows());
    assertThat(readApp(Wire.V2_BETA, project, appId)).isEqualTo(v1.v2Shows());
    if (basic) {
      assertThat(authenticates(app.clientId(), app.clientSecret())).isTrue();
    }

    removeApp(remover, project, appId);
    for (Wire wire : Wire.values()) {
      assertAppGone(wire, project, appId);
    }
    if (basic) {
      assertThat(authenticates(app.clientId(), app.clientSecret())).as("a removed app's secret").isFalse();
    }
  }

  /** A regenerated client secret, and the app's change as the regenerating wire answered it (sequence: v1 only). */
  record Regenerated(String secret, Instant at, Long sequence) {}

  private Regenerated regenerate(Wire wire, String project, String appId) {
    switch (wire) {
      case V1_REST -> {
        JsonObject answer = ok(http.post("/management/v1/projects/" + project + "/apps/" + appId
            + "/api_config/_generate_client_secret", acme.pat(), new JsonObject()));
        JsonObject details = answer.getJsonObject("details");
        return new Regenerated(text(answer, "clientSecret"), instant(text(details, "changeDate")),
            sequenceOf(details));
      }
      case V1_GRPC -> {
        RegenerateAPIClientSecretResponse answer = grpcOk(MANAGEMENT + "RegenerateAPIClientSecret",
            RegenerateAPIClientSecretRequest.newBuilder().setProjectId(project).setAppId(appId).build(),
            RegenerateAPIClientSecretResponse.parser());
        return new Regenerated(answer.getClientSecret(), instant(answer.getDetails().getChangeDate()),
            answer.getDetails().getSequence());
      }
      case V2 -> {
        // v2 answers the instant of the new secret as its creationDate: the app's change
        JsonObject answer = connect.ok(APPS + "GenerateClientSecret", acme.pat(), new JsonObject()
            .put("projectId", project).put("applicationId", appId));
        return new Regenerated(text(answer, "clientSecret"), instant(text(answer, "creationDate")), null);
      }
      default -> {
        JsonObject answer = connect.ok(APPS_BETA + "RegenerateClientSecret", acme.pat(), new JsonObject()
            .put("projectId", project).put("applicationId", appId).put("isApi", true));
        return new Regenerated(text(answer, "clientSecret"), instant(text(answer, "creationDate")), null);
      }
    }
  }

  @ParameterizedTest(name = "created on {0}, secret regenerated on {1}")
  @CsvSource({"V2, V1_REST", "V2_BETA, V1_GRPC", "V1_REST, V2", "V1_GRPC, V2_BETA"})
  void aClientSecretRegeneratedOnOneSideIsTheOneThatAuthenticates(Wire creator, Wire regenerator) {
    String project = gateway.tenants().project(acme, "secrets-" + creator);
    NewApp app = createApp(creator, project, "rotating", "API_AUTH_METHOD_TYPE_BASIC");
    AppView before = readApp(Wire.V1_REST, project, app.created().id());

    Regenerated changed = regenerate(regenerator, project, app.created().id());

    assertThat(authenticates(app.clientId(), changed.secret())).as("the new secret").isTrue();
    assertThat(authenticates(app.clientId(), app.clientSecret())).as("the secret of the create").isFalse();
    AppView after = readApp(Wire.V1_REST, project, app.created().id());
    assertThat(after).isEqualTo(new AppView(before.id(), before.orgId(), before.name(), before.state(),
        before.clientId(), before.authMethod(), before.created(), changed.at(), after.sequence()));
    assertThat(after.sequence()).isGreaterThan(before.sequence());
    if (changed.sequence() != null) {
      assertThat(after.sequence()).isEqualTo(changed.sequence());
    }
    assertThat(readApp(Wire.V1_GRPC, project, app.created().id())).isEqualTo(after);
    assertThat(readApp(Wire.V2, project, app.created().id())).isEqualTo(after.v2Shows());
    assertThat(readApp(Wire.V2_BETA, project, app.created().id())).isEqualTo(after.v2Shows());
  }

  /**
   * App keys: v1 adds them (REST and gRPC) but lists none (Keygate serves no v1 ListAppKeys), so v2 lists what v1
   * added; what v2 adds shows on v1 as the app's change (a key is an event of the app's project aggregate).
   */
  @Test
  void anAppKeyAddedOnOneSideIsListedOnTheOtherAndRemovedOnV2StopsWorking() {
    String project = gateway.tenants().project(acme, "app-keys");
    NewApp app = createApp(Wire.V2, project, "signer", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    String appId = app.created().id();

    JsonObject rest = ok(http.post("/management/v1/projects/" + project + "/apps/" + appId + "/keys", acme.pat(),
        new JsonObject().put("type", "KEY_TYPE_JSON").put("expirationDate", EXPIRES)));
    AddAppKeyResponse overGrpc = grpcOk(MANAGEMENT + "AddAppKey", AddAppKeyRequest.newBuilder().setProjectId(project)
        .setAppId(appId).setType(KeyType.KEY_TYPE_JSON)
        .setExpirationDate(Timestamp.newBuilder().setSeconds(Instant.parse(EXPIRES).getEpochSecond())).build(),
        AddAppKeyResponse.parser());

    Map<String, JsonObject> listed = appKeys(appId);
    assertThat(listed).containsOnlyKeys(text(rest, "id"), overGrpc.getId());
    assertThat(listed.get(text(rest, "id"))).isEqualTo(new JsonObject().put("keyId", text(rest, "id"))
        .put("applicationId", appId).put("projectId", project)
        .put("organizationId", text(rest.getJsonObject("details"), "resourceOwner"))
        .put("creationDate", text(rest.getJsonObject("details"), "creationDate")).put("expirationDate", EXPIRES));
    assertThat(instant(text(listed.get(overGrpc.getId()), "creationDate")))
        .isEqualTo(instant(overGrpc.getDetails().getCreationDate()));
    assertThat(instant(text(listed.get(overGrpc.getId()), "expirationDate"))).isEqualTo(Instant.parse(EXPIRES));
    AppView afterGrpcKey = readApp(Wire.V1_REST, project, appId);
    assertThat(afterGrpcKey.sequence()).isEqualTo(overGrpc.getDetails().getSequence());
    assertThat(afterGrpcKey.changed()).isEqualTo(instant(overGrpc.getDetails().getCreationDate()));

    JsonObject onV2 = connect.ok(APPS + "CreateApplicationKey", acme.pat(), new JsonObject()
        .put("projectId", project).put("applicationId", appId).put("expirationDate", EXPIRES));
    AppView v1 = readApp(Wire.V1_REST, project, appId);
    assertThat(v1.changed()).isEqualTo(instant(text(onV2, "creationDate")));
    assertThat(v1.sequence()).isGreaterThan(afterGrpcKey.sequence());
    assertThat(readApp(Wire.V2, project, appId)).isEqualTo(v1.v2Shows());
    assertThat(appKeys(appId)).containsOnlyKeys(text(rest, "id"), overGrpc.getId(), text(onV2, "keyId"));

    JsonObject file = keyFile(text(rest, "keyDetails"));
    assertThat(clientAssertionAuthenticates(file)).isTrue();
    connect.ok(APPS + "DeleteApplicationKey", acme.pat(), new JsonObject().put("projectId", project)
        .put("applicationId", appId).put("keyId", text(rest, "id")));
    assertThat(clientAssertionAuthenticates(file)).as("a removed key").isFalse();
    assertThat(appKeys(appId)).containsOnlyKeys(overGrpc.getId(), text(onV2, "keyId"));
  }

  private Map<String, JsonObject> appKeys(String appId) {
    JsonObject byApp = new JsonObject().put("applicationIdFilter", new JsonObject().put("applicationId", appId));
    JsonObject page = connect.ok(APPS + "ListApplicationKeys", acme.pat(), new JsonObject().put("filters",
        new JsonArray().add(byApp)));
    return byId(page.getJsonArray("keys", new JsonArray()), "keyId");
  }

  // ---------------------------------------------------------------------------------------------------------- users

  /** A machine user as every wire shows it. */
  record UserView(String id, String orgId, String userName, List<String> loginNames, String preferredLoginName,
                  String state, String name, String description, boolean hasSecret, String accessTokenType,
                  Instant created, Instant changed, Long sequence) {

    static UserView v1(JsonObject user) {
      return v1OrV2(user, "id", "userName", user.getJsonObject("details"));
    }

    static UserView grpc(User user) {
      ObjectDetails details = user.getDetails();
      return new UserView(user.getId(), details.getResourceOwner(), user.getUserName(), user.getLoginNamesList(),
          user.getPreferredLoginName(), stateOf(user.getState().name()), user.getMachine().getName(),
          user.getMachine().getDescription(), user.getMachine().getHasSecret(),
          user.getMachine().getAccessTokenType().name(), instant(details.getCreationDate()),
          instant(details.getChangeDate()), details.getSequence());
    }

    /** v2 renamed {@code id} to {@code userId} and {@code userName} to {@code username}; the rest is v1's. */
    static UserView v2(JsonObject user) {
      return v1OrV2(user, "userId", "username", user.getJsonObject("details"));
    }

    private static UserView v1OrV2(JsonObject user, String id, String userName, JsonObject details) {
      JsonObject machine = user.getJsonObject("machine");
      return new UserView(text(user, id), text(details, "resourceOwner"), text(user, userName),
          user.getJsonArray("loginNames").stream().map(Object::toString).toList(), text(user, "preferredLoginName"),
          stateOf(text(user, "state")), text(machine, "name"), machine.getString("description", ""),
          machine.getBoolean("hasSecret", false), machine.getString("accessTokenType", "ACCESS_TOKEN_TYPE_BEARER"),
          instant(text(details, "creationDate")), instant(text(details, "changeDate")), sequenceOf(details));
    }
  }

  private Created createUser(Wire wire, String userName) {
    return switch (wire) {
      case V1_REST -> created(ok(http.post("/management/v1/users/machine", acme.pat(), new JsonObject()
          .put("userName", userName).put("name", "Bot " + userName).put("description", "made on " + wire))), "userId");
      case V1_GRPC -> {
        AddMachineUserResponse answer = grpcOk(MANAGEMENT + "AddMachineUser", AddMachineUserRequest.newBuilder()
            .setUserName(userName).setName("Bot " + userName).setDescription("made on " + wire).build(),
            AddMachineUserResponse.parser());
        yield new Created(answer.getUserId(), instant(answer.getDetails().getCreationDate()),
            answer.getDetails().getSequence());
      }
      case V2 -> {
        JsonObject answer = connect.ok(USERS + "CreateUser", acme.pat(), new JsonObject()
            .put("organizationId", acme.orgId()).put("username", userName).put("machine", new JsonObject()
                .put("name", "Bot " + userName).put("description", "made on " + wire)));
        yield new Created(text(answer, "id"), instant(text(answer, "creationDate")), null);
      }
      default -> throw new IllegalArgumentException("no v2beta user service: " + wire);
    };
  }

  private UserView readUser(Wire wire, String id) {
    return switch (wire) {
      case V1_REST -> UserView.v1(ok(http.get("/management/v1/users/" + id, acme.pat())).getJsonObject("user"));
      case V1_GRPC -> UserView.grpc(grpcOk(MANAGEMENT + "GetUserByID", GetUserByIDRequest.newBuilder().setId(id)
          .build(), GetUserByIDResponse.parser()).getUser());
      case V2 -> {
        JsonObject answer = connect.ok(USERS + "GetUserByID", acme.pat(), new JsonObject().put("userId", id));
        assertThat(answer.getJsonObject("details")).as("the answer's details are the user's")
            .isEqualTo(answer.getJsonObject("user").getJsonObject("details"));
        yield UserView.v2(answer.getJsonObject("user"));
      }
      default -> throw new IllegalArgumentException("no v2beta user service: " + wire);
    };
  }

  private void removeUser(Wire wire, String id) {
    switch (wire) {
      case V1_REST -> ok(http.delete("/management/v1/users/" + id, acme.pat()));
      case V1_GRPC -> grpcOk(MANAGEMENT + "RemoveUser", RemoveUserRequest.newBuilder().setId(id).build(), null);
      case V2 -> connect.ok(USERS + "DeleteUser", acme.pat(), new JsonObject().put("userId", id));
      default -> throw new IllegalArgumentException("no v2beta user service: " + wire);
    }
  }

  private void assertUserGone(Wire wire, String id) {
    String text = "User could not be found";
    String errorId = "QUERY-Dfbg2";
    switch (wire) {
      case V1_REST -> assertError(http.get("/management/v1/users/" + id, acme.pat()), 404, 5, text, errorId);
      case V1_GRPC -> assertGrpcNotFound(MANAGEMENT + "GetUserByID", GetUserByIDRequest.newBuilder().setId(id)
          .build(), text, errorId);
      case V2 -> assertConnectError(connect.call(USERS + "GetUserByID", acme.pat(), new JsonObject()
          .put("userId", id)), 404, "not_found", text, errorId);
      default -> throw new IllegalArgumentException("no v2beta user service: " + wire);
    }
  }

  @ParameterizedTest(name = "created on {0}, removed on {1}")
  @CsvSource({"V2, V1_REST", "V2, V1_GRPC", "V1_REST, V2", "V1_GRPC, V2"})
  void aMachineUserReadsBackIdenticallyOnEveryWireAndItsRemovalIsSeenEverywhere(Wire creator, Wire remover) {
    String userName = "across-" + creator + "-" + remover;
    Created created = createUser(creator, userName);

    UserView v1 = readUser(Wire.V1_REST, created.id());
    assertThat(v1).isEqualTo(new UserView(created.id(), acme.orgId(), userName, List.of(userName), userName,
        "ACTIVE", "Bot " + userName, "made on " + creator, false, "ACCESS_TOKEN_TYPE_BEARER", created.at(),
        created.at(), v1.sequence()));
    if (created.sequence() != null) {
      assertThat(v1.sequence()).isEqualTo(created.sequence());
    }
    assertThat(readUser(Wire.V1_GRPC, created.id())).isEqualTo(v1);
    assertThat(readUser(Wire.V2, created.id())).as("v2's user shows its details, sequence included").isEqualTo(v1);

    removeUser(remover, created.id());
    for (Wire wire : List.of(Wire.V1_REST, Wire.V1_GRPC, Wire.V2)) {
      assertUserGone(wire, created.id());
    }
  }

  /**
   * The event log behind both generations, read where both show a sequence: after a v2 create and a v1 change (a
   * new secret), the user's v1 sequence and change date moved on, and v2 reports the same.
   */
  @Test
  void aV1ChangeOfAV2UserMovesItsSequenceAndChangeDateOnBothGenerations() {
    Created created = createUser(Wire.V2, "evented-bot");
    UserView before = readUser(Wire.V1_REST, created.id());
    assertThat(readUser(Wire.V2, created.id())).isEqualTo(before);

    JsonObject details = ok(http.put("/management/v1/users/" + created.id() + "/secret", acme.pat(),
        new JsonObject())).getJsonObject("details");
    // v1 answers a new secret with ZITADEL's "added" details: the change's instant under creationDate
    Instant at = instant(text(details, "creationDate"));

    UserView after = readUser(Wire.V1_REST, created.id());
    assertThat(after.sequence()).isEqualTo(sequenceOf(details)).isGreaterThan(before.sequence());
    assertThat(after.changed()).isEqualTo(at).isAfterOrEqualTo(before.changed());
    assertThat(after).isEqualTo(new UserView(before.id(), before.orgId(), before.userName(), before.loginNames(),
        before.preferredLoginName(), before.state(), before.name(), before.description(), true,
        before.accessTokenType(), before.created(), at, sequenceOf(details)));
    assertThat(readUser(Wire.V2, created.id())).isEqualTo(after);
    assertThat(readUser(Wire.V1_GRPC, created.id())).isEqualTo(after);
  }

  /** A machine user's secret: each new one, from whichever side, replaces the one before; removal ends it. */
  @Test
  void aMachineSecretSetOnOneSideIsTheOneThatWorksAndItsRemovalIsSeenOnTheOther() {
    String userName = "secret-across";
    String userId = createUser(Wire.V2, userName).id();

    String fromV1 = text(ok(http.put("/management/v1/users/" + userId + "/secret", acme.pat(), new JsonObject())),
        "clientSecret");
    assertThat(grantsToken(userName, fromV1)).isTrue();
    assertThat(readUser(Wire.V2, userId).hasSecret()).isTrue();

    JsonObject fromV2 = connect.ok(USERS + "AddSecret", acme.pat(), new JsonObject().put("userId", userId));
    assertThat(grantsToken(userName, text(fromV2, "clientSecret"))).isTrue();
    assertThat(grantsToken(userName, fromV1)).as("the v1 secret after v2's").isFalse();
    UserView v1 = readUser(Wire.V1_REST, userId);
    assertThat(v1.hasSecret()).isTrue();
    assertThat(v1.changed()).isEqualTo(instant(text(fromV2, "creationDate")));

    GenerateMachineSecretResponse overGrpc = grpcOk(MANAGEMENT + "GenerateMachineSecret",
        GenerateMachineSecretRequest.newBuilder().setUserId(userId).build(), GenerateMachineSecretResponse.parser());
    assertThat(overGrpc.getClientId()).isEqualTo(userName);
    assertThat(grantsToken(userName, overGrpc.getClientSecret())).isTrue();
    assertThat(grantsToken(userName, text(fromV2, "clientSecret"))).as("the v2 secret after gRPC's").isFalse();
    assertThat(readUser(Wire.V2, userId)).isEqualTo(readUser(Wire.V1_GRPC, userId));

    JsonObject removed = connect.ok(USERS + "RemoveSecret", acme.pat(), new JsonObject().put("userId", userId));
    assertThat(grantsToken(userName, overGrpc.getClientSecret())).as("a removed secret").isFalse();
    UserView afterRemoval = readUser(Wire.V1_REST, userId);
    assertThat(afterRemoval.hasSecret()).isFalse();
    assertThat(afterRemoval.changed()).isEqualTo(instant(text(removed, "deletionDate")));
    assertThat(readUser(Wire.V1_GRPC, userId)).isEqualTo(afterRemoval);
    assertError(http.delete("/management/v1/users/" + userId + "/secret", acme.pat()), 400, 9,
        "Errors.User.Machine.Secret.NotExisting", "COMMAND-vaesr");
  }

  /**
   * PATs and keys: v1 adds them (REST and gRPC) but lists and removes none (Keygate serves no v1 ListPersonalAccess
   * Tokens, ListMachineKeys or their removals), so v2 lists what v1 added, and a removal on v2 shows on v1 as the
   * credential no longer working and as the user's change.
   */
  @Test
  void patsAndKeysAddedOnOneSideAreListedOnTheOtherAndARemovalOnV2EndsThemOnV1() {
    String userId = createUser(Wire.V1_REST, "credentials-across").id();
    ok(http.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", userId)
        .put("roles", new JsonArray().add("ORG_USER_MANAGER"))));

    JsonObject restPat = ok(http.post("/management/v1/users/" + userId + "/pats", acme.pat(), new JsonObject()
        .put("expirationDate", EXPIRES)));
    AddPersonalAccessTokenResponse grpcPat = grpcOk(MANAGEMENT + "AddPersonalAccessToken",
        AddPersonalAccessTokenRequest.newBuilder().setUserId(userId).build(), AddPersonalAccessTokenResponse.parser());
    JsonObject v2Pat = connect.ok(USERS + "AddPersonalAccessToken", acme.pat(), new JsonObject()
        .put("userId", userId).put("expirationDate", EXPIRES));
    Map<String, JsonObject> pats = listed("ListPersonalAccessTokens", userId);
    assertThat(pats).containsOnlyKeys(text(restPat, "tokenId"), grpcPat.getTokenId(), text(v2Pat, "tokenId"));
    assertThat(pats.get(text(restPat, "tokenId"))).isEqualTo(new JsonObject().put("id", text(restPat, "tokenId"))
        .put("userId", userId).put("creationDate", text(restPat.getJsonObject("details"), "creationDate"))
        .put("expirationDate", EXPIRES));
    assertThat(instant(text(pats.get(grpcPat.getTokenId()), "creationDate")))
        .isEqualTo(instant(grpcPat.getDetails().getCreationDate()));
    assertThat(readUser(Wire.V1_REST, userId).changed()).isEqualTo(instant(text(v2Pat, "creationDate")));
    assertThat(http.get("/management/v1/users/" + userId, text(v2Pat, "token")).status())
        .as("a v2 PAT on v1").isEqualTo(200);

    JsonObject removed = connect.ok(USERS + "RemovePersonalAccessToken", acme.pat(), new JsonObject()
        .put("userId", userId).put("tokenId", text(restPat, "tokenId")));
    assertError(http.get("/management/v1/users/" + userId, text(restPat, "token")), 401, 16, "Errors.Token.Invalid",
        "AUTH-7fs1e");
    assertThat(listed("ListPersonalAccessTokens", userId)).containsOnlyKeys(grpcPat.getTokenId(),
        text(v2Pat, "tokenId"));
    assertThat(readUser(Wire.V1_REST, userId).changed()).isEqualTo(instant(text(removed, "deletionDate")));

    JsonObject restKey = ok(http.post("/management/v1/users/" + userId + "/keys", acme.pat(), new JsonObject()
        .put("type", "KEY_TYPE_JSON").put("expirationDate", EXPIRES)));
    JsonObject v2Key = connect.ok(USERS + "AddKey", acme.pat(), new JsonObject().put("userId", userId)
        .put("expirationDate", EXPIRES));
    Map<String, JsonObject> keys = listed("ListKeys", userId);
    assertThat(keys).containsOnlyKeys(text(restKey, "keyId"), text(v2Key, "keyId"));
    assertThat(keys.get(text(restKey, "keyId"))).isEqualTo(new JsonObject().put("id", text(restKey, "keyId"))
        .put("userId", userId).put("creationDate", text(restKey.getJsonObject("details"), "creationDate"))
        .put("expirationDate", EXPIRES));
    UserView v1 = readUser(Wire.V1_REST, userId);
    assertThat(v1.changed()).isEqualTo(instant(text(v2Key, "creationDate")));
    assertThat(readUser(Wire.V2, userId)).isEqualTo(v1);

    JsonObject file = keyFile(text(restKey, "keyDetails"));
    assertThat(assertionGrantsToken(file)).isTrue();
    connect.ok(USERS + "RemoveKey", acme.pat(), new JsonObject().put("userId", userId)
        .put("keyId", text(restKey, "keyId")));
    assertThat(assertionGrantsToken(file)).as("a removed key").isFalse();
    assertThat(listed("ListKeys", userId)).containsOnlyKeys(text(v2Key, "keyId"));
  }

  private Map<String, JsonObject> listed(String method, String userId) {
    JsonObject page = connect.ok(USERS + method, acme.pat(), new JsonObject().put("filters", new JsonArray()
        .add(new JsonObject().put("userIdFilter", new JsonObject().put("id", userId)))));
    return byId(page.getJsonArray("result", new JsonArray()), "id");
  }

  // -------------------------------------------------------------------------------------------------- organizations

  /**
   * v1 has no organization resource in Keygate (nor a read of one in ZITADEL's management API but {@code orgs/me}):
   * what v1 shows of an organization is its id as the resource owner of what is made in it (named by
   * {@code x-zitadel-orgid}) and, in AddOrgMember's answer, the organization's sequence and the member's instant.
   */
  @Test
  void anOrganizationAddedOnV2IsTheOneV1ActsInAndAV1MemberMovesItOnV2() {
    JsonObject added = connect.ok(ORGS + "AddOrganization", acme.pat(), new JsonObject().put("name", "across-org"));
    String orgId = text(added, "organizationId");
    JsonObject details = added.getJsonObject("details");
    assertThat(text(details, "resourceOwner")).as("an organization owns itself, as in ZITADEL").isEqualTo(orgId);
    assertThat(text(details, "changeDate")).isEqualTo(text(details, "creationDate"));
    assertThat(organization(orgId)).isEqualTo(new JsonObject().put("id", orgId).put("details", details)
        .put("state", "ORGANIZATION_STATE_ACTIVE").put("name", "across-org"));

    Map<String, String> inOrg = Http.bearer(acme.pat());
    inOrg.put("x-zitadel-orgid", orgId);
    JsonObject project = ok(http.send("POST", "/management/v1/projects", inOrg, new JsonObject()
        .put("name", "in-across-org").encode(), "application/json"));
    assertThat(text(project.getJsonObject("details"), "resourceOwner")).isEqualTo(orgId);
    JsonObject user = ok(http.send("POST", "/management/v1/users/machine", inOrg, new JsonObject()
        .put("userName", "member-across").put("name", "Member").encode(), "application/json"));
    JsonObject member = ok(http.send("POST", "/management/v1/orgs/me/members", inOrg, new JsonObject()
        .put("userId", text(user, "userId")).put("roles", new JsonArray().add("ORG_PROJECT_CREATOR")).encode(),
        "application/json")).getJsonObject("details");
    assertThat(text(member, "resourceOwner")).isEqualTo(orgId);

    JsonObject after = organization(orgId).getJsonObject("details");
    assertThat(sequenceOf(after)).isEqualTo(sequenceOf(member)).isGreaterThan(sequenceOf(details));
    assertThat(after).isEqualTo(new JsonObject().put("sequence", Long.toString(sequenceOf(member)))
        .put("changeDate", text(member, "creationDate")).put("resourceOwner", orgId)
        .put("creationDate", text(details, "creationDate")));
  }

  /** The first organization, made by v1's CreateInstance, as v2 lists it: the id v1 named as the resource owner. */
  @Test
  void theFirstOrganizationOfAV1InstanceIsTheOneV2Lists() {
    Tenants.Tenant tenant = gateway.tenants().create("first-org-across");
    JsonObject first = organizations(tenant.pat()).get(tenant.orgId());
    assertThat(first.getString("name")).as("firstOrgName defaults to the instance's name")
        .isEqualTo("first-org-across");
    assertThat(text(first.getJsonObject("details"), "resourceOwner")).isEqualTo(tenant.orgId());
    JsonObject project = ok(http.post("/management/v1/projects", tenant.pat(), new JsonObject().put("name", "p")));
    assertThat(text(project.getJsonObject("details"), "resourceOwner")).isEqualTo(tenant.orgId());
  }

  private JsonObject organization(String orgId) {
    JsonObject org = organizations(acme.pat()).get(orgId);
    assertThat(org).as("organization " + orgId + " listed").isNotNull();
    return org;
  }

  private Map<String, JsonObject> organizations(String token) {
    JsonObject page = connect.ok(ORGS + "ListOrganizations", token, new JsonObject()
        .put("query", new JsonObject().put("limit", 1000)));
    return byId(page.getJsonArray("result", new JsonArray()), "id");
  }

  // ------------------------------------------------------------------------------------------------------ instances

  /** An instance as both generations show it. */
  record InstanceView(String id, String name, String state, String version, List<DomainView> domains,
                      Instant created, Instant changed, Long sequence) {

    record DomainView(String domain, boolean primary, boolean generated, Instant created) {}

    static InstanceView v1(JsonObject instance) {
      JsonObject details = instance.getJsonObject("details");
      List<DomainView> domains = instance.getJsonArray("domains").stream().map(JsonObject.class::cast)
          .map(d -> new DomainView(text(d, "domain"), d.getBoolean("primary", false), d.getBoolean("generated", false),
              instant(text(d.getJsonObject("details"), "creationDate")))).toList();
      return new InstanceView(text(instance, "id"), text(instance, "name"), stateOf(text(instance, "state")),
          text(instance, "version"), domains, instant(text(details, "creationDate")),
          instant(text(details, "changeDate")), sequenceOf(details));
    }

    static InstanceView grpc(InstanceDetail instance) {
      ObjectDetails details = instance.getDetails();
      List<DomainView> domains = instance.getDomainsList().stream().map(d -> new DomainView(d.getDomain(),
          d.getPrimary(), d.getGenerated(), instant(d.getDetails().getCreationDate()))).toList();
      return new InstanceView(instance.getId(), instance.getName(), stateOf(instance.getState().name()),
          instance.getVersion(), domains, instant(details.getCreationDate()), instant(details.getChangeDate()),
          details.getSequence());
    }

    /** v2 calls the domains {@code customDomains} (each naming its instance) and flattens the details. */
    static InstanceView v2(JsonObject instance) {
      String id = text(instance, "id");
      List<DomainView> domains = new ArrayList<>();
      for (Object each : instance.getJsonArray("customDomains")) {
        JsonObject domain = (JsonObject) each;
        assertThat(text(domain, "instanceId")).isEqualTo(id);
        domains.add(new DomainView(text(domain, "domain"), domain.getBoolean("primary", false),
            domain.getBoolean("generated", false), instant(text(domain, "creationDate"))));
      }
      return new InstanceView(id, text(instance, "name"), stateOf(text(instance, "state")), text(instance, "version"),
          domains, instant(text(instance, "creationDate")), instant(text(instance, "changeDate")), null);
    }

    /** ZITADEL's v2 Instance has no {@code details}, so no sequence. */
    InstanceView v2Shows() {
      return new InstanceView(id, name, state, version, domains, created, changed, null);
    }
  }

  @Test
  void anInstanceReadsTheSameOnSystemV1AndOnV2AndItsRemovalIsSeenOnBoth() {
    Tenants.Tenant tenant = gateway.tenants().create("instance-across");
    InstanceView v1 = InstanceView.v1(ok(http.get("/system/v1/instances/" + tenant.instanceId(),
        TestGateway.SYSTEM_TOKEN)).getJsonObject("instance"));
    assertThat(v1.id()).isEqualTo(tenant.instanceId());
    assertThat(v1.name()).isEqualTo("instance-across");
    assertThat(v1.domains()).extracting(InstanceView.DomainView::domain).containsExactly(tenant.domain());
    assertThat(InstanceView.grpc(grpcOk(SYSTEM + "GetInstance", TestGateway.SYSTEM_TOKEN, GetInstanceRequest
        .newBuilder().setInstanceId(tenant.instanceId()).build(), GetInstanceResponse.parser()).getInstance()))
        .isEqualTo(v1);
    assertThat(InstanceView.v2(connect.ok(INSTANCES + "GetInstance", tenant.pat(), new JsonObject())
        .getJsonObject("instance"))).isEqualTo(v1.v2Shows());
    assertThat(InstanceView.v2(instances().get(tenant.instanceId()))).isEqualTo(v1.v2Shows());

    connect.ok(INSTANCES + "DeleteInstance", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceId", tenant.instanceId()));
    assertError(http.get("/system/v1/instances/" + tenant.instanceId(), TestGateway.SYSTEM_TOKEN), 404, 5,
        "Instance not found", "QUERY-n0wng");
    Reply grpcGone = grpc.call(Transport.GRPC_H2C, SYSTEM + "GetInstance", GetInstanceRequest.newBuilder()
        .setInstanceId(tenant.instanceId()).build(), GrpcClient.bearer(TestGateway.SYSTEM_TOKEN));
    assertThat(grpcGone.code()).isEqualTo(5);
    assertThat(grpcGone.detail().getId()).isEqualTo("QUERY-n0wng");

    // the other way: removed on v1, gone from v2's list; v2 has no read of one instance by the system token, and
    // the instance's own tokens went with it (401, as for any unknown token)
    Tenants.Tenant doomed = gateway.tenants().create("instance-removed-on-v1");
    assertThat(instances()).containsKey(doomed.instanceId());
    ok(http.delete("/system/v1/instances/" + doomed.instanceId(), TestGateway.SYSTEM_TOKEN));
    assertThat(instances()).doesNotContainKey(doomed.instanceId());
    assertConnectError(connect.call(INSTANCES + "GetInstance", doomed.pat(), new JsonObject()), 401,
        "unauthenticated", "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  private Map<String, JsonObject> instances() {
    JsonObject page = connect.ok(INSTANCES + "ListInstances", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("pagination", new JsonObject().put("limit", 1000)));
    return byId(page.getJsonArray("instances", new JsonArray()), "id");
  }

  // -------------------------------------------------------------------------------------------------------- helpers

  /** A successful v1 REST answer's body. */
  private static JsonObject ok(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private <T extends Message> T grpcOk(String method, Message request, Parser<T> parser) {
    return grpcOk(method, acme.pat(), request, parser);
  }

  /** A successful gRPC call's answer (null for a {@code null} parser: only its success matters). */
  private <T extends Message> T grpcOk(String method, String token, Message request, Parser<T> parser) {
    Reply reply = grpc.call(Transport.GRPC_H2C, method, request, GrpcClient.bearer(token));
    assertThat(reply.code()).as(method + ": " + reply.message()).isZero();
    return parser == null ? null : reply.as(parser);
  }

  /** v1 over gRPC: status 5 with ZITADEL's ErrorDetail, the same text and id as REST's 404. */
  private void assertGrpcNotFound(String method, Message request, String text, String errorId) {
    Reply reply = grpc.call(Transport.GRPC_H2C, method, request, GrpcClient.bearer(acme.pat()));
    assertThat(reply.code()).as(reply.message()).isEqualTo(5);
    assertThat(reply.message()).isEqualTo(text + " (" + errorId + ")");
    assertThat(reply.detail().getId()).isEqualTo(errorId);
    assertThat(reply.detail().getMessage()).isEqualTo(text);
  }

  /** A v1 create's answer: the id under {@code idField}, and its details. */
  private static Created created(JsonObject answer, String idField) {
    JsonObject details = answer.getJsonObject("details");
    return new Created(text(answer, idField), instant(text(details, "creationDate")), sequenceOf(details));
  }

  /** A field that must be on the wire: protojson omits only zero values, and none of these is one. */
  private static String text(JsonObject json, String field) {
    assertThat(json).as("a JSON object holding " + field).isNotNull();
    assertThat(json.getValue(field)).as(field + " in " + json).isNotNull();
    return json.getValue(field).toString();
  }

  private static Long sequenceOf(JsonObject details) {
    return Long.valueOf(text(details, "sequence"));
  }

  private static Instant instant(String rfc3339) {
    return Instant.parse(rfc3339);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp.equals(Timestamp.getDefaultInstance()) ? null
        : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /**
   * A state without its enum's prefix: v2 renamed the app's state enum ({@code APPLICATION_STATE_ACTIVE} for v1's
   * {@code APP_STATE_ACTIVE}), so the prefix differs between generations by ZITADEL's design; the state must not.
   */
  private static String stateOf(String name) {
    return name.substring(name.indexOf("STATE_") + "STATE_".length());
  }

  private static Map<String, JsonObject> byId(JsonArray items, String idField) {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    items.stream().map(JsonObject.class::cast).forEach(item -> byId.put(text(item, idField), item));
    return byId;
  }

  private static JsonObject keyFile(String base64) {
    return new JsonObject(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
  }

  /** Whether a client id and secret authenticate at introspection (an unknown token is then merely inactive). */
  private boolean authenticates(String clientId, String secret) {
    return introspectionAccepts(Http.basic(clientId, secret), Map.of());
  }

  /** Whether an app key signs a client assertion ({@code private_key_jwt}) that introspection accepts. */
  private boolean clientAssertionAuthenticates(JsonObject keyFile) {
    String assertion = Jwts.rs256(keyFile.getString("keyId"), Jwts.assertionClaims(keyFile.getString("clientId"),
        http.base(), 300), keyFile.getString("key"));
    return introspectionAccepts(Map.of(), Map.of("client_assertion_type", ASSERTION_TYPE,
        "client_assertion", assertion));
  }

  private boolean introspectionAccepts(Map<String, String> headers, Map<String, String> client) {
    Map<String, String> form = new LinkedHashMap<>(client);
    form.put("token", "no-such-token");
    Response response = http.form("/oauth/v2/introspect", headers, form);
    if (response.status() == 200) {
      assertThat(response.json().getBoolean("active")).isFalse();
      return true;
    }
    assertThat(response.json().getString("error")).as(response.toString()).isEqualTo("unauthorized_client");
    return false;
  }

  /** Whether a machine user's id and secret buy a token (client credentials, Basic). */
  private boolean grantsToken(String clientId, String secret) {
    Response response = http.form("/oauth/v2/token", Http.basic(clientId, secret), Map.of(
        "grant_type", "client_credentials", "scope", "openid"));
    if (response.status() == 200) {
      return true;
    }
    assertThat(response.json().getString("error")).as(response.toString()).isEqualTo("invalid_client");
    return false;
  }

  /** Whether a machine key signs an assertion that buys a token (jwt-bearer). */
  private boolean assertionGrantsToken(JsonObject keyFile) {
    String assertion = Jwts.rs256(keyFile.getString("keyId"), Jwts.assertionClaims(keyFile.getString("userId"),
        http.base(), 300), keyFile.getString("key"));
    Response response = http.form("/oauth/v2/token", Map.of(), Map.of("grant_type", JWT_BEARER,
        "assertion", assertion, "scope", "openid"));
    if (response.status() == 200) {
      return true;
    }
    assertThat(response.json().getString("error")).as(response.toString()).isEqualTo("invalid_grant");
    return false;
  }
}
