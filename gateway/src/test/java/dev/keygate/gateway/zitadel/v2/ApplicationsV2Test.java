package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static dev.keygate.gateway.zitadel.v2.Connect.assertPlainConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code zitadel.application.v2.ApplicationService} and v2beta's AppService, on the API apps of v1. */
class ApplicationsV2Test extends GatewayTest {

  private static final String V2 = "zitadel.application.v2.ApplicationService/";
  private static final String BETA = "zitadel.app.v2beta.AppService/";

  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  private JsonObject createBasic(String projectId, String name) {
    return connect.ok(V2 + "CreateApplication", acme.pat(), new JsonObject().put("projectId", projectId)
        .put("name", name).put("apiConfiguration", new JsonObject().put("authMethodType",
            "API_AUTH_METHOD_TYPE_BASIC")));
  }

  /**
   * Whether the app's client id and secret authenticate at introspection (an unknown token is then inactive; wrong
   * credentials are refused as ZITADEL's introspection refuses them, {@code unauthorized_client}).
   */
  private boolean authenticates(String clientId, String secret) {
    Response response = http.form("/oauth/v2/introspect", Http.basic(clientId, secret), Map.of("token", "no-token"));
    if (response.status() == 200) {
      assertThat(response.json().getBoolean("active")).isFalse();
      return true;
    }
    assertThat(response.json().getString("error")).as(response.toString()).isEqualTo("unauthorized_client");
    return false;
  }

  @Test
  void aBasicAppCreatedOnV2AuthenticatesAndReadsTheSameOnV1() {
    String project = gateway.tenants().project(acme, "apps-v2");
    JsonObject created = createBasic(project, "billing-api");
    String appId = created.getString("applicationId");
    JsonObject config = created.getJsonObject("apiConfiguration");
    assertThat(config.getString("clientSecret")).hasSize(64);
    assertThat(authenticates(config.getString("clientId"), config.getString("clientSecret"))).isTrue();

    JsonObject app = connect.ok(V2 + "GetApplication", acme.pat(), new JsonObject().put("applicationId", appId))
        .getJsonObject("application");
    assertThat(app.getString("applicationId")).isEqualTo(appId);
    assertThat(app.getString("projectId")).isEqualTo(project);
    assertThat(app.getString("name")).isEqualTo("billing-api");
    assertThat(app.getString("state")).isEqualTo("APPLICATION_STATE_ACTIVE");
    assertThat(app.getJsonObject("apiConfiguration").getMap()).containsOnly(
        Map.entry("clientId", config.getString("clientId")));
    assertThat(app.encode()).doesNotContain(config.getString("clientSecret"));

    JsonObject v1 = http.get("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()).json()
        .getJsonObject("app");
    assertThat(v1.getString("name")).isEqualTo("billing-api");
    assertThat(v1.getJsonObject("apiConfig").getString("clientId")).isEqualTo(config.getString("clientId"));
  }

  @Test
  void aNewSecretReplacesTheOldOneAndDeletingEndsBoth() {
    String project = gateway.tenants().project(acme, "rotate-v2");
    JsonObject created = createBasic(project, "rotating");
    String appId = created.getString("applicationId");
    String clientId = created.getJsonObject("apiConfiguration").getString("clientId");
    String first = created.getJsonObject("apiConfiguration").getString("clientSecret");

    JsonObject regenerated = connect.ok(V2 + "GenerateClientSecret", acme.pat(), new JsonObject()
        .put("projectId", project).put("applicationId", appId));
    String second = regenerated.getString("clientSecret");
    assertThat(second).hasSize(64).isNotEqualTo(first);
    assertThat(authenticates(clientId, first)).isFalse();
    assertThat(authenticates(clientId, second)).isTrue();

    connect.ok(V2 + "DeleteApplication", acme.pat(), new JsonObject().put("projectId", project)
        .put("applicationId", appId));
    assertThat(authenticates(clientId, second)).isFalse();
    assertConnectError(connect.call(V2 + "GetApplication", acme.pat(), new JsonObject().put("applicationId", appId)),
        404, "not_found", "App not found", "QUERY-bxqa8");
    assertConnectError(connect.call(V2 + "DeleteApplication", acme.pat(), new JsonObject().put("projectId", project)
        .put("applicationId", appId)), 404, "not_found", "App not found", "QUERY-bxqa8");
  }

  @Test
  void aKeyAppGetsKeysAndNoSecret() {
    String project = gateway.tenants().project(acme, "keys-v2");
    JsonObject created = connect.ok(V2 + "CreateApplication", acme.pat(), new JsonObject().put("projectId", project)
        .put("name", "signer").put("apiConfiguration", new JsonObject().put("authMethodType", 1)));
    assertThat(created.getJsonObject("apiConfiguration").containsKey("clientSecret")).isFalse();
    String appId = created.getString("applicationId");

    JsonObject key = connect.ok(V2 + "CreateApplicationKey", acme.pat(), new JsonObject().put("projectId", project)
        .put("applicationId", appId));
    JsonObject keyFile = new JsonObject(new String(Base64.getDecoder().decode(key.getString("keyDetails")),
        StandardCharsets.UTF_8));
    assertThat(keyFile.getString("type")).isEqualTo("application");
    assertThat(keyFile.getString("keyId")).isEqualTo(key.getString("keyId"));
    assertThat(keyFile.getString("key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    JsonObject byApp = new JsonObject().put("filters", new JsonArray().add(new JsonObject()
        .put("applicationIdFilter", new JsonObject().put("applicationId", appId))));
    JsonObject keys = connect.ok(V2 + "ListApplicationKeys", acme.pat(), byApp);
    assertThat(keys.getJsonArray("keys").getJsonObject(0).getString("keyId")).isEqualTo(key.getString("keyId"));
    assertThat(keys.encode()).doesNotContain("PRIVATE KEY");

    connect.ok(V2 + "DeleteApplicationKey", acme.pat(), new JsonObject().put("projectId", project)
        .put("applicationId", appId).put("keyId", key.getString("keyId")));
    assertThat(connect.ok(V2 + "ListApplicationKeys", acme.pat(), byApp).containsKey("keys")).isFalse();
  }

  @Test
  void appsAreListedByProjectOrForTheWholeOrganization() {
    String one = gateway.tenants().project(acme, "list-one");
    String two = gateway.tenants().project(acme, "list-two");
    String a = createBasic(one, "a").getString("applicationId");
    String b = createBasic(two, "b").getString("applicationId");

    JsonObject ofOne = connect.ok(V2 + "ListApplications", acme.pat(), new JsonObject().put("filters",
        new JsonArray().add(new JsonObject().put("projectIdFilter", new JsonObject().put("projectId", one)))));
    assertThat(ids(ofOne.getJsonArray("applications"))).containsExactly(a);
    assertThat(ofOne.getJsonObject("pagination").getString("totalResult")).isEqualTo("1");

    JsonObject all = connect.ok(V2 + "ListApplications", acme.pat(), new JsonObject()
        .put("pagination", new JsonObject().put("limit", 1000)));
    assertThat(ids(all.getJsonArray("applications"))).contains(a, b);
  }

  @Test
  void theBetaServiceSpeaksItsOwnNames() {
    String project = gateway.tenants().project(acme, "beta-apps");
    JsonObject created = connect.ok(BETA + "CreateApplication", acme.pat(), new JsonObject().put("projectId", project)
        .put("name", "beta-app").put("apiRequest", new JsonObject()));
    String appId = created.getString("appId");
    assertThat(created.getJsonObject("apiResponse").getString("clientSecret")).hasSize(64);

    JsonObject app = connect.ok(BETA + "GetApplication", acme.pat(), new JsonObject().put("id", appId))
        .getJsonObject("app");
    assertThat(app.getString("id")).isEqualTo(appId);
    assertThat(app.getJsonObject("apiConfig").getString("clientId"))
        .isEqualTo(created.getJsonObject("apiResponse").getString("clientId"));

    JsonObject regenerated = connect.ok(BETA + "RegenerateClientSecret", acme.pat(), new JsonObject()
        .put("projectId", project).put("applicationId", appId).put("isApi", true));
    assertThat(regenerated.getString("clientSecret")).hasSize(64);
  }

  @Test
  void theErrorRowsCarryConnectCodes() {
    String project = gateway.tenants().project(acme, "errors-v2");
    createBasic(project, "taken");

    assertConnectError(connect.call(V2 + "CreateApplication", acme.pat(), new JsonObject().put("projectId", project)
            .put("name", "taken").put("apiConfiguration", new JsonObject())), 409, "already_exists",
        "Application already exists", "V3-DKcYh");
    assertConnectError(connect.call(V2 + "CreateApplication", acme.pat(), new JsonObject()
            .put("projectId", "123456789012345678").put("name", "x").put("apiConfiguration", new JsonObject())), 400,
        "failed_precondition", "Project not found", "COMMAND-EbFMN");
    assertPlainConnectError(connect.call(V2 + "CreateApplication", acme.pat(), new JsonObject()
        .put("projectId", project).put("name", "web").put("oidcConfiguration", new JsonObject())), 501,
        "unimplemented", null);
    assertPlainConnectError(connect.call(V2 + "CreateApplication", null, new JsonObject().put("projectId", project)
        .put("name", "x").put("apiConfiguration", new JsonObject())), 401, "unauthenticated", "auth header missing");

    Tenants.Tenant other = gateway.tenants().create("other-v2-apps");
    String theirs = gateway.tenants().apiApp(other, gateway.tenants().project(other, "p"), "theirs")
        .getString("appId");
    assertConnectError(connect.call(V2 + "GetApplication", acme.pat(), new JsonObject().put("applicationId", theirs)),
        404, "not_found", "App not found", "QUERY-bxqa8");
  }

  private static List<String> ids(JsonArray apps) {
    return apps.stream().map(o -> ((JsonObject) o).getString("applicationId")).toList();
  }
}
