package dev.keygate.gateway.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway on a memory store with a small capacity, holding one object of every kind each surface reads (a ZITADEL
 * tenant with a project, a BASIC app and a machine user with a secret; a Droplit ecosystem, client and token; an
 * Oracle tenant with an admin and an application ID), then filled through HTTP: apps until an app is refused, then
 * new app secrets (a write that adds only its event, the smallest thing the store counts) until those are refused too,
 * so that every write that would add to the store is refused from then on.
 */
final class FilledGateway implements AutoCloseable {

  /** Two instances (about 20 KiB each) and the objects above, plus room for a few dozen apps. */
  static final String CAPACITY = "64k";
  static final String PASSWORD = "Correct-Horse-9";

  final TestGateway gateway;
  final Http http;
  final Tenants.Tenant acme;
  final String projectId;
  final JsonObject app;
  /** An app whose secret the filling renews, so that {@link #app}'s secret stays valid. */
  final String churnAppId;
  final String robotId;
  /** A machine user that is no member yet: making it one adds to the store. */
  final String spareUserId;
  final JsonObject robotSecret;
  final String ecosystemId;
  final String clientId;
  final String oracleHost;
  final String oracleAdmin;
  final JsonObject oracleApp;
  /** The apps that filled the store, in the order they were created. */
  final List<String> fillerAppIds = new ArrayList<>();
  /** The first refusal, of an app create. */
  Response firstRefusal;

  FilledGateway() {
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.STORE, "memory")
        .put(KeygateConfig.MEMORY_CAPACITY, CAPACITY));
    http = gateway.http();
    acme = gateway.tenants().create("acme");
    projectId = gateway.tenants().project(acme, "full");
    app = gateway.tenants().apiApp(acme, projectId, "resource-server");
    churnAppId = gateway.tenants().apiApp(acme, projectId, "churn").getString("appId");
    robotId = gateway.tenants().machineUser(acme, "robot");
    member(robotId, "ORG_OWNER");
    robotSecret = ok(http.put("/management/v1/users/" + robotId + "/secret", acme.pat(), new JsonObject()));
    spareUserId = gateway.tenants().machineUser(acme, "spare");
    ecosystemId = ok(droplit("POST", "/api/ecosystems", null)).getString("id");
    clientId = created(droplit("POST", "/api/clients",
        new JsonObject().put("ecosystemId", ecosystemId).put("type", "server"))).getString("id");
    created(droplit("POST", "/api/clients/" + clientId + "/tokens", null));
    oracleHost = oracleInstance();
    oracleAdmin = ok(passwordLogin()).getString("access_token");
    oracleApp = ok(http.post("/ccadmin/v1/applicationIds", oracleAdmin,
        new JsonObject().put("name", "storefront-sync").put("type", "application")));
    fill();
  }

  private void fill() {
    for (int i = 0; i < 5000; i++) {
      Response response = http.post("/management/v1/projects/" + projectId + "/apps/api", acme.pat(),
          new JsonObject().put("name", "filler-" + i));
      if (response.status() != 200) {
        firstRefusal = response;
        break;
      }
      fillerAppIds.add(response.json().getString("appId"));
    }
    assertThat(firstRefusal).as("an app create refused before 5000 apps").isNotNull();
    assertThat(fillerAppIds).as("apps created before the store was full").hasSizeGreaterThan(10);
    Response secret = null;
    for (int i = 0; i < 100 && (secret == null || secret.status() == 200); i++) {
      secret = newAppSecret();
    }
    assertThat(secret.status()).as("a new app secret refused once only its event would not fit: " + secret)
        .isEqualTo(429);
  }

  /** A new secret for the app: replaces the old hash, so only its event adds to the store. */
  Response newAppSecret() {
    return http.post("/management/v1/projects/" + projectId + "/apps/" + churnAppId
        + "/api_config/_generate_client_secret", acme.pat(), new JsonObject());
  }

  Response member(String userId, String role) {
    return http.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", userId)
        .put("roles", new JsonArray().add(role)));
  }

  /** Droplit's raw authorization header, with the tenant's PAT. */
  Response droplit(String method, String path, JsonObject body) {
    return http.send(method, path, Map.of("authorization", acme.pat()), body == null ? null : body.encode(),
        body == null ? null : "application/json");
  }

  Response token(Map<String, String> headers, Map<String, String> form) {
    return http.form("/oauth/v2/token", headers, form);
  }

  /** An access token of the robot, for the project's audience, from its client secret. */
  Response robotToken() {
    return token(Http.basic(robotSecret.getString("clientId"), robotSecret.getString("clientSecret")),
        Map.of("grant_type", "client_credentials",
            "scope", "openid urn:zitadel:iam:org:project:id:" + projectId + ":aud"));
  }

  Response passwordLogin() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("username", "amber");
    form.put("password", PASSWORD);
    return http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", oracleHost), form);
  }

  private String oracleInstance() {
    JsonObject created = ok(http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", "commerce")
        .put("human", new JsonObject().put("userName", "amber")
            .put("email", new JsonObject().put("email", "amber@example.com").put("isEmailVerified", true))
            .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
            .put("password", new JsonObject().put("password", PASSWORD)))));
    return ok(http.get("/system/v1/instances/" + created.getString("instanceId"), TestGateway.SYSTEM_TOKEN))
        .getJsonObject("instance").getJsonArray("domains").getJsonObject(0).getString("domain");
  }

  static JsonObject ok(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  /** A delete's answer: 200, with a body or without. */
  static void deleted(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
  }

  static JsonObject created(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  @Override
  public void close() {
    gateway.close();
  }
}
