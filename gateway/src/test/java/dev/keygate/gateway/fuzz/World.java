package dev.keygate.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data the sweep runs against, written through the public API before it starts: two tenants (the second one's
 * ids and credentials are the "foreign" ones), each with a project, API apps (BASIC and PRIVATE_KEY_JWT, with a key),
 * a machine user with a secret and a key, an access token, a Droplit ecosystem with a server client and its token;
 * two Oracle Commerce instances with a human admin, a login and application IDs; ids of objects that were deleted;
 * and fresh victims on demand for the operations that change or delete what they name, so that the protected data
 * stays as it was and can be read back after the sweep.
 */
final class World {

  static final String PASSWORD = "Correct-Horse-9";
  static final String OWNER = "owner";

  /** One tenant of the ZITADEL and Droplit surfaces. */
  record Tenant(Tenants.Tenant t, String project, JsonObject app, JsonObject jwtApp, JsonObject appKey,
                JsonObject machine, JsonObject machineKey, String human, String token, String ecosystem,
                String client, String serverToken) {}

  /** One Oracle Commerce instance: its domain, the admin's login, an application ID with its key, an extension. */
  record Shop(String instanceId, String domain, String admin, String appId, String appKey, String extensionId,
              String keySession) {}

  final Http http;
  final String issuer;
  final Tenant a;
  final Tenant b;
  final Shop shopA;
  final Shop shopB;
  final Map<String, String> deleted = new LinkedHashMap<>();
  /** A personal access token (its id) of each tenant's machine user, added through v2 for v2's {@code tokenId}. */
  final String patIdA;
  final String patIdB;
  /** The tokens of {@link #patIdA} and {@link #patIdB}: whether they still work is read back after the sweep. */
  private final String patA;
  private final String patB;
  private final AtomicInteger counter = new AtomicInteger();

  World(Http http, Tenants tenants) {
    this.http = http;
    this.issuer = http.base();
    a = tenant(tenants, "fuzz-a");
    b = tenant(tenants, "fuzz-b");
    shopA = shop("fuzz-shop-a");
    shopB = shop("fuzz-shop-b");
    deleted.put("instance", deletedInstance());
    deleted.put("project", deleted("/management/v1/projects/", victimProject()));
    String app = victimApp();
    deleted.put("app", app);
    ok(http.delete("/management/v1/projects/" + a.project() + "/apps/" + app, a.t().pat()));
    deleted.put("user", deleted("/management/v1/users/", victimUser()));
    String eco = victimEcosystem();
    ok(droplit("DELETE", "/api/ecosystems/" + eco, null));
    deleted.put("ecosystem", eco);
    String client = victimClient();
    ok(droplit("DELETE", "/api/clients/" + client, null));
    deleted.put("client", client);
    String occ = victimCommerceApp();
    ok(http.delete("/ccadmin/v1/applicationIds/" + occ + "?type=application", shopA.admin()));
    deleted.put("commerceApp", occ);
    JsonObject patOfA = v2("zitadel.user.v2.UserService/AddPersonalAccessToken", new JsonObject()
        .put("userId", a.machine().getString("userId")).put("expirationDate", FAR));
    patIdA = patOfA.getString("tokenId");
    patA = patOfA.getString("token");
    JsonObject patOfB = v2(b, "zitadel.user.v2.UserService/AddPersonalAccessToken", new JsonObject()
        .put("userId", b.machine().getString("userId")).put("expirationDate", FAR));
    patIdB = patOfB.getString("tokenId");
    patB = patOfB.getString("token");
    String pat = victimPat();
    v2("zitadel.user.v2.UserService/RemovePersonalAccessToken", new JsonObject()
        .put("userId", a.machine().getString("userId")).put("tokenId", pat));
    deleted.put("pat", pat);
    String userKey = victimUserKey();
    v2("zitadel.user.v2.UserService/RemoveKey", new JsonObject()
        .put("userId", a.machine().getString("userId")).put("keyId", userKey));
    deleted.put("userKey", userKey);
    String appKey = victimAppKey();
    v2("zitadel.application.v2.ApplicationService/DeleteApplicationKey", new JsonObject()
        .put("projectId", a.project()).put("applicationId", a.jwtApp().getString("appId")).put("keyId", appKey));
    deleted.put("appKey", appKey);
  }

  /** An expiration date far ahead, for v2's keys and tokens. */
  static final String FAR = "2099-01-01T00:00:00Z";

  /** A v2 method ({@code zitadel.<pkg>.<Service>/<Method>}) called with tenant A's PAT: its answer, a 200. */
  JsonObject v2(String procedure, JsonObject body) {
    return v2(a, procedure, body);
  }

  private JsonObject v2(Tenant t, String procedure, JsonObject body) {
    return ok(http.send("POST", "/" + procedure, Http.bearer(t.t().pat()), body.encode(), "application/json")).json();
  }

  String unique(String prefix) {
    return prefix + counter.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  private static Response ok(Response response) {
    assertThat(response.status()).as(response.toString()).isBetween(200, 299);
    return response;
  }

  private String deleted(String prefix, String id) {
    ok(http.delete(prefix + id, a.t().pat()));
    return id;
  }

  private Tenant tenant(Tenants tenants, String name) {
    Tenants.Tenant t = tenants.create(name);
    String project = tenants.project(t, "fuzz-project");
    JsonObject app = tenants.apiApp(t, project, "fuzz-basic");
    Response jwt = ok(http.post("/management/v1/projects/" + project + "/apps/api", t.pat(), new JsonObject()
        .put("name", "fuzz-jwt").put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT")));
    JsonObject jwtApp = jwt.json();
    JsonObject appKey = keyFile(ok(http.post("/management/v1/projects/" + project + "/apps/"
        + jwtApp.getString("appId") + "/keys", t.pat(), new JsonObject().put("type", "KEY_TYPE_JSON"))));
    String userId = tenants.machineUser(t, "fuzz-machine");
    ok(http.post("/management/v1/orgs/me/members", t.pat(), new JsonObject().put("userId", userId)
        .put("roles", new JsonArray().add("ORG_OWNER"))));
    JsonObject machine = ok(http.put("/management/v1/users/" + userId + "/secret", t.pat(), new JsonObject())).json()
        .put("userId", userId);
    JsonObject machineKey = keyFile(ok(http.post("/management/v1/users/" + userId + "/keys", t.pat(),
        new JsonObject().put("type", "KEY_TYPE_JSON"))));
    String human = tenants.humanUser(t, "fuzz-human");
    String token = clientCredentials(machine, projectScope(project));
    String ecosystem = ok(http.send("POST", "/api/ecosystems", raw(t.pat()), null, null)).json().getString("id");
    String client = ok(http.send("POST", "/api/clients", raw(t.pat()), new JsonObject().put("ecosystemId", ecosystem)
        .put("type", "server").put("name", "fuzz-server").encode(), "application/json")).json().getString("id");
    String serverToken = ok(http.send("POST", "/api/clients/" + client + "/tokens", raw(t.pat()), null, null)).json()
        .getString("token");
    return new Tenant(t, project, app, jwtApp, appKey, machine, machineKey, human, token, ecosystem, client,
        serverToken);
  }

  static String projectScope(String project) {
    return "openid urn:zitadel:iam:org:project:id:" + project + ":aud";
  }

  private static JsonObject keyFile(Response created) {
    String details = created.json().getString("keyDetails");
    return new JsonObject(new String(Base64.getDecoder().decode(details), StandardCharsets.UTF_8));
  }

  static Map<String, String> raw(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("authorization", token);
    }
    return headers;
  }

  private Response droplit(String method, String path, String body) {
    return http.send(method, path, raw(a.t().pat()), body, body == null ? null : "application/json");
  }

  String clientCredentials(JsonObject machine, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", scope);
    Response response = ok(http.form("/oauth/v2/token", Http.basic(machine.getString("clientId"),
        machine.getString("clientSecret")), form));
    return response.json().getString("access_token");
  }

  private Shop shop(String name) {
    String user = "amber";
    Response created = ok(http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", name)
        .put("human", new JsonObject().put("userName", user)
            .put("email", new JsonObject().put("email", user + "@example.com").put("isEmailVerified", true))
            .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
            .put("password", new JsonObject().put("password", PASSWORD)))));
    String instanceId = created.json().getString("instanceId");
    String domain = ok(http.get("/system/v1/instances/" + instanceId, TestGateway.SYSTEM_TOKEN)).json()
        .getJsonObject("instance").getJsonArray("domains").getJsonObject(0).getString("domain");
    String admin = passwordLogin(domain);
    JsonObject app = ok(http.post("/ccadmin/v1/applicationIds", admin, new JsonObject().put("name", "fuzz-app")
        .put("type", "application"))).json();
    JsonObject extension = ok(http.post("/ccadmin/v1/applicationIds", admin, new JsonObject().put("name", "fuzz-ext")
        .put("type", "extension"))).json();
    String keySession = keyLogin(app.getString("token"));
    return new Shop(instanceId, domain, admin, app.getString("id"), app.getString("token"), extension.getString("id"),
        keySession);
  }

  String passwordLogin(String domain) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("username", "amber");
    form.put("password", PASSWORD);
    return ok(http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", domain), form)).json()
        .getString("access_token");
  }

  String keyLogin(String key) {
    return ok(http.form("/ccadmin/v1/login", Http.bearer(key), Map.of("grant_type", "client_credentials"))).json()
        .getString("access_token");
  }

  /** An RS256 jwt-bearer assertion of a machine user's key file, for this gateway as audience. */
  String userAssertion(JsonObject keyFile, String subject, long lifetime) {
    return Jwts.rs256(keyFile.getString("keyId"), Jwts.assertionClaims(subject, issuer, lifetime),
        keyFile.getString("key"));
  }

  /** A private_key_jwt client assertion of an app's key file. */
  String clientAssertion(JsonObject appKeyFile, String subject) {
    return Jwts.rs256(appKeyFile.getString("keyId"), Jwts.assertionClaims(subject, issuer, 300),
        appKeyFile.getString("key"));
  }

  // ---- victims: fresh objects of tenant A (or shop A) for the operations that change or delete what they name

  String victimInstance() {
    return ok(http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", unique("victim"))
        .put("machine", new JsonObject().put("userName", "owner").put("name", "Owner")))).json()
        .getString("instanceId");
  }

  private String deletedInstance() {
    String id = victimInstance();
    ok(http.delete("/system/v1/instances/" + id, TestGateway.SYSTEM_TOKEN));
    return id;
  }

  String victimProject() {
    return ok(http.post("/management/v1/projects", a.t().pat(), new JsonObject().put("name", unique("victim"))))
        .json().getString("id");
  }

  String victimApp() {
    return ok(http.post("/management/v1/projects/" + a.project() + "/apps/api", a.t().pat(),
        new JsonObject().put("name", unique("victim")))).json().getString("appId");
  }

  String victimUser() {
    return ok(http.post("/management/v1/users/machine", a.t().pat(), new JsonObject()
        .put("userName", unique("victim")).put("name", "Victim"))).json().getString("userId");
  }

  String victimUserWithSecret() {
    String id = victimUser();
    ok(http.put("/management/v1/users/" + id + "/secret", a.t().pat(), new JsonObject()));
    return id;
  }

  /** A new machine user of tenant A with a secret: {userId, clientId, clientSecret}. */
  JsonObject freshMachine() {
    String id = victimUser();
    return ok(http.put("/management/v1/users/" + id + "/secret", a.t().pat(), new JsonObject())).json()
        .put("userId", id);
  }

  String victimEcosystem() {
    return ok(droplit("POST", "/api/ecosystems", null)).json().getString("id");
  }

  String victimClient() {
    return ok(droplit("POST", "/api/clients", new JsonObject().put("ecosystemId", a.ecosystem())
        .put("type", "application").put("name", unique("victim")).encode())).json().getString("id");
  }

  String victimCommerceApp() {
    return ok(http.post("/ccadmin/v1/applicationIds", shopA.admin(), new JsonObject().put("name", unique("victim"))
        .put("type", "application"))).json().getString("id");
  }

  String victimCommerceExtension() {
    return ok(http.post("/ccadmin/v1/applicationIds", shopA.admin(), new JsonObject().put("name", unique("victim"))
        .put("type", "extension"))).json().getString("id");
  }

  /** A new machine user of tenant A whose secret was rotated with an overlap (v2): a previous secret to end. */
  String victimUserInOverlap() {
    String id = victimUserWithSecret();
    v2("zitadel.user.v2.UserService/AddSecret", new JsonObject().put("userId", id)
        .put("previousSecretValidFor", "3600s"));
    return id;
  }

  /** A new BASIC app of tenant A's project whose secret was rotated with an overlap (v2): a previous secret to end. */
  String victimAppInOverlap() {
    String id = victimApp();
    v2("zitadel.application.v2.ApplicationService/GenerateClientSecret", new JsonObject().put("projectId", a.project())
        .put("applicationId", id).put("previousSecretValidFor", "3600s"));
    return id;
  }

  /** A fresh personal access token of tenant A's machine user (v2): its id. */
  String victimPat() {
    return v2("zitadel.user.v2.UserService/AddPersonalAccessToken", new JsonObject()
        .put("userId", a.machine().getString("userId")).put("expirationDate", FAR)).getString("tokenId");
  }

  /** A fresh key of tenant A's machine user (v2): its id. */
  String victimUserKey() {
    return v2("zitadel.user.v2.UserService/AddKey", new JsonObject()
        .put("userId", a.machine().getString("userId")).put("expirationDate", FAR)).getString("keyId");
  }

  /** A fresh key of tenant A's PRIVATE_KEY_JWT app (v2): its id. */
  String victimAppKey() {
    return v2("zitadel.application.v2.ApplicationService/CreateApplicationKey", new JsonObject()
        .put("projectId", a.project()).put("applicationId", a.jwtApp().getString("appId"))).getString("keyId");
  }

  /** A fresh Oracle session of shop A: its admin's (password) or its application key's. */
  String victimSession(boolean password) {
    return password ? passwordLogin(shopA.domain()) : keyLogin(shopA.appKey());
  }

  /** A fresh Oracle session of shop B, for operations that end the session they are called with. */
  String victimSessionB(boolean password) {
    return password ? passwordLogin(shopB.domain()) : keyLogin(shopB.appKey());
  }

  /** A fresh access token of tenant A's machine user. */
  String victimToken() {
    return clientCredentials(a.machine(), projectScope(a.project()));
  }

  // ---- reading the protected data back

  /**
   * What the sweep must not change: the stable fields of every protected object, read through the API, and whether
   * each protected credential still works. Equal before and after, or a finding.
   */
  JsonObject snapshot() {
    JsonObject s = new JsonObject();
    for (Tenant t : List.of(a, b)) {
      String p = t.t().pat();
      String key = t == a ? "a." : "b.";
      s.put(key + "instance", pick(http.get("/system/v1/instances/" + t.t().instanceId(), TestGateway.SYSTEM_TOKEN),
          "instance.id", "instance.name", "instance.state", "instance.domains"));
      s.put(key + "project", pick(http.get("/management/v1/projects/" + t.project(), p), "project.id", "project.name",
          "project.state"));
      for (JsonObject app : List.of(t.app(), t.jwtApp())) {
        s.put(key + "app." + app.getString("appId"), pick(http.get("/management/v1/projects/" + t.project() + "/apps/"
            + app.getString("appId"), p), "app.id", "app.name", "app.state", "app.apiConfig"));
      }
      s.put(key + "machine", pick(http.get("/management/v1/users/" + t.machine().getString("userId"), p), "user.id",
          "user.userName", "user.state", "user.machine"));
      s.put(key + "human", pick(http.get("/management/v1/users/" + t.human(), p), "user.id", "user.userName",
          "user.state", "user.human"));
      s.put(key + "ecosystem", pick(http.send("GET", "/api/ecosystems/" + t.ecosystem(), raw(p), null, null), "id",
          "meta", "domain"));
      s.put(key + "client", pick(http.send("GET", "/api/clients/" + t.client(), raw(p), null, null), "id", "name",
          "description", "type", "ecosystemId"));
      s.put(key + "pat works", http.get("/management/v1/projects/" + t.project(), p).status());
      s.put(key + "token works", http.get("/management/v1/projects/" + t.project(), t.token()).status());
      s.put(key + "machine's v2 PAT works", http.get("/management/v1/projects/" + t.project(), t == a ? patA : patB)
          .status());
      Map<String, String> cc = new LinkedHashMap<>();
      cc.put("grant_type", "client_credentials");
      cc.put("scope", "openid");
      s.put(key + "machine secret works", http.form("/oauth/v2/token", Http.basic(t.machine().getString("clientId"),
          t.machine().getString("clientSecret")), cc).status());
      Map<String, String> bearer = new LinkedHashMap<>();
      bearer.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
      bearer.put("scope", "openid");
      bearer.put("assertion", userAssertion(t.machineKey(), t.machine().getString("userId"), 300));
      s.put(key + "machine key works", http.form("/oauth/v2/token", Map.of(), bearer).status());
      s.put(key + "token active for basic app", introspect(Http.basic(t.app().getString("clientId"),
          t.app().getString("clientSecret")), Map.of(), t.token()));
      Map<String, String> jwtAuth = new LinkedHashMap<>();
      jwtAuth.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      jwtAuth.put("client_assertion", clientAssertion(t.appKey(), t.jwtApp().getString("clientId")));
      s.put(key + "token active for jwt app", introspect(Map.of(), jwtAuth, t.token()));
      s.put(key + "server token works", http.send("GET", "/api/clients/" + t.client(), raw(t.serverToken()), null,
          null).status());
    }
    for (Shop shop : List.of(shopA, shopB)) {
      String key = shop == shopA ? "shopA." : "shopB.";
      s.put(key + "app", pick(http.get("/ccadmin/v1/applicationIds/" + shop.appId() + "?type=application",
          shop.admin()), "id", "name", "type", "createdBy"));
      s.put(key + "extension", pick(http.get("/ccadmin/v1/applicationIds/" + shop.extensionId() + "?type=extension",
          shop.admin()), "id", "name", "type", "createdBy"));
      s.put(key + "admin session works", http.get("/ccadmin/v1/locales", shop.admin()).status());
      s.put(key + "key session works", http.get("/ccadmin/v1/locales", shop.keySession()).status());
      s.put(key + "key logs in", http.form("/ccadmin/v1/login", Http.bearer(shop.appKey()),
          Map.of("grant_type", "client_credentials")).status());
    }
    return s;
  }

  private Object introspect(Map<String, String> headers, Map<String, String> auth, String token) {
    Map<String, String> form = new LinkedHashMap<>(auth);
    form.put("token", token);
    Response r = http.form("/oauth/v2/introspect", headers, form);
    return r.status() == 200 ? r.json().getBoolean("active") : r.status();
  }

  private static JsonObject pick(Response response, String... paths) {
    JsonObject out = new JsonObject().put("status", response.status());
    if (response.status() != 200) {
      return out;
    }
    JsonObject json = response.json();
    for (String path : paths) {
      Object value = json;
      for (String part : path.split("\\.")) {
        value = value instanceof JsonObject o ? o.getValue(part) : null;
      }
      out.put(path, value);
    }
    return out;
  }

  /** Where {@code after} differs from {@code before}, one line per key. */
  static List<String> differences(JsonObject before, JsonObject after) {
    List<String> lines = new ArrayList<>();
    for (String key : before.fieldNames()) {
      Object was = before.getValue(key);
      Object is = after.getValue(key);
      if (was == null ? is != null : !was.equals(is)) {
        lines.add(key + ": before " + was + ", after " + is);
      }
    }
    return lines;
  }
}
