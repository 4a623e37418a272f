package dev.keygate.gateway.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Oracle Commerce's /ccadmin/v1 application IDs and logins, through HTTP only, every answer in Oracle's shapes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
class OracleApiTest {

  private static final String APPS = "/ccadmin/v1/applicationIds";
  private static final String PASSWORD = "Correct-Horse-9";

  private TestGateway gateway;
  private Http http;
  private String domain;
  private String admin;

  /** An instance whose human owner (amber, with a password) administers it; its domain names it at login. */
  private String instanceWithAdmin(String name, String userName) {
    return instanceWithAdmin(http, name, userName);
  }

  private static String instanceWithAdmin(Http http, String name, String userName) {
    Response created = http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", name)
        .put("human", new JsonObject().put("userName", userName)
            .put("email", new JsonObject().put("email", userName + "@example.com").put("isEmailVerified", true))
            .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
            .put("password", new JsonObject().put("password", PASSWORD))));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    return http.get("/system/v1/instances/" + created.json().getString("instanceId"), TestGateway.SYSTEM_TOKEN)
        .json().getJsonObject("instance").getJsonArray("domains").getJsonObject(0).getString("domain");
  }

  private Response passwordLogin(String host, String userName, String password) {
    return passwordLogin(http, host, userName, password);
  }

  private static Response passwordLogin(Http http, String host, String userName, String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("username", userName);
    form.put("password", password);
    return http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", host), form);
  }

  private static Map<String, String> withHost(Map<String, String> headers, String host) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("x-zitadel-instance-host", host);
    return all;
  }

  private Response keyLogin(String path, String key) {
    return http.form(path, Http.bearer(key), Map.of("grant_type", "client_credentials"));
  }

  private JsonObject create(String token, JsonObject body) {
    Response response = http.post(APPS, token, body);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private static void assertError(Response response, int status, String errorCode) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.json().getString("errorCode")).as(response.toString()).isEqualTo(errorCode);
    assertThat(response.json().getString("status")).isEqualTo(Integer.toString(status));
  }

  @BeforeAll
  void start() {
    gateway = TestGateway.start();
    http = gateway.http();
    domain = instanceWithAdmin("Commerce", "amber");
    Response login = passwordLogin(domain, "amber", PASSWORD);
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(login.json().getString("token_type")).isEqualTo("bearer");
    assertThat(login.json().getInteger("expires_in")).isEqualTo(900);
    admin = login.json().getString("access_token");
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void anApplicationIdCarriesAKeyThatLogsInOnItsOwn() {
    JsonObject app = create(admin, new JsonObject().put("name", "storefront-sync").put("type", "application"));

    assertThat(app.getString("id")).isEqualTo(app.getString("repositoryId")).matches("[0-9a-f-]{36}");
    assertThat(app.getString("creationTime")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
    assertThat(app.getBoolean("inUse")).isFalse();
    assertThat(app.getJsonObject("createdBy").getString("firstName")).isEqualTo("Amber");
    assertThat(app.getJsonObject("createdBy").getString("lastName")).isEqualTo("Admin");
    assertThat(app.getJsonObject("createdBy").getString("id"))
        .isEqualTo(app.getJsonObject("createdBy").getString("repositoryId"));
    JsonObject claims = Jwts.claims(app.getString("token"));
    assertThat(claims.getString("sub")).isEqualTo(app.getString("id"));
    assertThat(claims.getString("iss")).isEqualTo("applicationAuth");
    assertThat(claims.containsKey("exp")).as("no lifetimeDays: the key never expires").isFalse();
    assertThat(app.containsKey("expirationTime")).isFalse();

    for (String path : new String[] {"/ccadmin/v1/login", "/ccadmin/v1/login/"}) {
      Response login = keyLogin(path, app.getString("token"));
      assertThat(login.status()).as(path + " " + login).isEqualTo(200);
      assertThat(login.json().getInteger("expires_in")).isEqualTo(300);
      String access = login.json().getString("access_token");
      Response listed = http.get(APPS + "?type=application", access);
      assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
      assertThat(listed.json().getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")))
          .contains(app.getString("id"));
      assertThat(listed.json().getJsonArray("items").stream().map(i -> (JsonObject) i))
          .allSatisfy(item -> assertThat(item.containsKey("token")).isFalse());
    }
    // the key itself is no access token
    assertError(http.get(APPS, app.getString("token")), 401, "10001");
  }

  @Test
  void extensionsHaveNoKeyAndListingFiltersByType() {
    JsonObject extension = create(admin, new JsonObject().put("name", "my-extension").put("type", "extension"));
    assertThat(extension.containsKey("token")).isFalse();

    Response extensions = http.get(APPS + "?type=extension", admin);
    assertThat(extensions.json().getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("type")))
        .isNotEmpty().containsOnly("extension");
    // a list that names no page gets the contract's defaults, and says so
    assertThat(extensions.json().getInteger("limit")).isEqualTo(250);
    assertThat(extensions.json().getLong("offset")).isZero();
    Response page = http.get(APPS + "?limit=1&offset=0", admin);
    assertThat(page.json().getInteger("limit")).isEqualTo(1);
    assertThat(page.json().getJsonArray("items")).hasSize(1);
    assertThat(page.json().getInteger("totalResults")).isGreaterThanOrEqualTo(1);
    Response one = http.get(APPS + "/" + extension.getString("id") + "?type=extension", admin);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().getString("name")).isEqualTo("my-extension");
    assertError(http.get(APPS + "/" + extension.getString("id") + "?type=application", admin), 404, "30001");
  }

  @Test
  void lifetimeDaysFollowOraclesRules() {
    JsonObject never = create(admin, new JsonObject().put("name", "never").put("type", "application")
        .put("lifetimeDays", -1));
    assertThat(never.containsKey("expirationTime")).isFalse();
    JsonObject capped = create(admin, new JsonObject().put("name", "capped").put("type", "application")
        .put("lifetimeDays", 400));
    long exp = Jwts.claims(capped.getString("token")).getLong("exp");
    long iat = Jwts.claims(capped.getString("token")).getLong("iat");
    assertThat(exp - iat).isEqualTo(365L * 86_400);
    assertThat(capped.getLong("expirationTime")).isEqualTo(exp);
    JsonObject unusable = create(admin, new JsonObject().put("name", "unusable").put("type", "application")
        .put("lifetimeDays", 0));
    assertError(keyLogin("/ccadmin/v1/login", unusable.getString("token")), 401, "10002");
    assertThat(keyLogin("/ccadmin/v1/login", capped.getString("token")).status()).isEqualTo(200);
  }

  @Test
  void aRegeneratedKeyReplacesTheOldOneAndDeletionKillsKeyAndSessions() {
    JsonObject app = create(admin, new JsonObject().put("name", "rotating").put("type", "application"));
    String oldKey = app.getString("token");
    String session = keyLogin("/ccadmin/v1/login", oldKey).json().getString("access_token");

    Response regenerated = http.post(APPS + "/" + app.getString("id"), admin, new JsonObject()
        .put("op", "genAuthToken").put("type", "application").put("lifetimeDays", 30));
    assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
    String newKey = regenerated.json().getString("token");
    assertThat(regenerated.json().getLong("expirationTime")).isGreaterThan(Instant.now().getEpochSecond());
    assertError(keyLogin("/ccadmin/v1/login", oldKey), 401, "10002");
    assertThat(keyLogin("/ccadmin/v1/login", newKey).status()).isEqualTo(200);

    Response deleted = http.delete(APPS + "/" + app.getString("id") + "?type=application", admin);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertError(keyLogin("/ccadmin/v1/login", newKey), 401, "10002");
    assertError(http.get(APPS, session), 401, "10001");
    assertError(http.get(APPS + "/" + app.getString("id") + "?type=application", admin), 404, "30001");
    JsonObject extension = create(admin, new JsonObject().put("name", "kept").put("type", "extension"));
    assertError(http.delete(APPS + "/" + extension.getString("id") + "?type=application", admin), 404, "30001");
    assertThat(http.get(APPS + "/" + extension.getString("id") + "?type=extension", admin).status()).isEqualTo(200);
  }

  @Test
  void anUpdateRenamesAndKeepsTheType() {
    JsonObject app = create(admin, new JsonObject().put("name", "before").put("type", "extension"));
    Response updated = http.put(APPS + "/" + app.getString("id"), admin, new JsonObject().put("name", "after")
        .put("type", "extension"));
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().getString("name")).isEqualTo("after");
    assertThat(updated.json().getString("creationTime")).isEqualTo(app.getString("creationTime"));
    assertError(http.put(APPS + "/" + app.getString("id"), admin, new JsonObject().put("name", "x")
        .put("type", "application")), 404, "30001");
    assertError(http.put(APPS + "/not-an-id", admin, new JsonObject().put("name", "x").put("type", "extension")),
        404, "30001");
  }

  @Test
  void everyValidationFailureHasItsOwnErrorCode() {
    assertError(http.post(APPS, admin, new JsonObject().put("type", "extension")), 400, "20001");
    assertThat(http.post(APPS, admin, new JsonObject().put("type", "extension")).json().getString("o:errorPath"))
        .isEqualTo("/name");
    assertError(http.post(APPS, admin, new JsonObject().put("name", "").put("type", "extension")), 400, "20002");
    assertError(http.post(APPS, admin, new JsonObject().put("name", "x")), 400, "20003");
    assertError(http.post(APPS, admin, new JsonObject().put("name", "x").put("type", "robot")), 400, "20004");
    assertError(http.post(APPS, admin, new JsonObject().put("name", "x").put("type", "application")
        .put("lifetimeDays", "ten")), 400, "20005");
    assertError(http.post(APPS, admin, new JsonObject().put("name", "x").put("type", "application")
        .put("lifetimeDays", -5)), 400, "20005");
    Response both = http.post(APPS, admin, new JsonObject());
    assertError(both, 400, "20001");
    assertThat(both.json().getJsonArray("errors")).extracting(e -> ((JsonObject) e).getString("errorCode"))
        .containsExactly("20001", "20003");
    assertError(http.send("POST", APPS, Http.bearer(admin), "{\"name\":", "application/json"), 400, "20009");

    JsonObject app = create(admin, new JsonObject().put("name", "ops").put("type", "application"));
    String one = APPS + "/" + app.getString("id");
    assertError(http.post(one, admin, new JsonObject().put("op", "explode").put("type", "application")), 400,
        "20006");
    assertError(http.post(one, admin, new JsonObject().put("op", "genAuthToken").put("type", "extension")), 400,
        "20007");
    assertError(http.get(one, admin), 400, "20008");
    assertError(http.get(one + "?type=robot", admin), 400, "20008");
    assertError(http.delete(one, admin), 400, "20008");
    assertError(http.get(APPS + "?limit=0", admin), 400, "20008");
  }

  @Test
  void withoutAGoodAccessTokenEverythingIs401BeforeValidation() {
    assertError(http.get(APPS, null), 401, "10001");
    assertError(http.post(APPS, null, new JsonObject()), 401, "10001");
    assertError(http.get(APPS, "garbage"), 401, "10001");
    assertThat(http.get(APPS, null).header("www-authenticate")).isEqualTo("Bearer");
    assertError(http.get("/ccadmin/v1/locales", null), 401, "10001");

    String session = passwordLogin(domain, "amber", PASSWORD).json().getString("access_token");
    Response refreshed = http.post("/ccadmin/v1/refresh", session, null);
    assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    Response logout = http.post("/ccadmin/v1/logout", session, null);
    assertThat(logout.json()).isEqualTo(new JsonObject().put("result", true));
    assertError(http.get(APPS, session), 401, "10001");
    assertThat(http.get(APPS, refreshed.json().getString("access_token")).status()).isEqualTo(200);
  }

  @Test
  void anExpiredAccessTokenIs401() {
    TestClock clock = new TestClock();
    try (TestGateway shortLived = TestGateway.start(new JsonObject()
        .put(KeygateConfig.OCC_USER_TOKEN_LIFETIME, 1), clock)) {
      Http local = shortLived.http();
      String host = instanceWithAdmin(local, "Brief", "amber");
      Response login = passwordLogin(local, host, "amber", PASSWORD);
      assertThat(login.json().getInteger("expires_in")).isEqualTo(1);
      String token = login.json().getString("access_token");
      assertThat(local.get(APPS, token).status()).isEqualTo(200);
      // iat and exp are whole seconds: a one-second token lasts until the end of the second it was issued in
      clock.advance(Duration.ofMillis(999 - clock.millis() % 1000));
      assertThat(local.get(APPS, token).status()).as("the last millisecond of its lifetime").isEqualTo(200);
      clock.advance(Duration.ofMillis(1));
      assertError(local.get(APPS, token), 401, "10001");
    }
  }

  @Test
  void loginsFailWithTheWrongPasswordUserOrHost() {
    String other = instanceWithAdmin("Other", "amber"); // the same user name in another instance
    assertError(passwordLogin(domain, "amber", "wrong"), 401, "10002");
    assertError(passwordLogin(domain, "nobody", PASSWORD), 401, "10002");
    assertError(passwordLogin("unknown.example", "amber", PASSWORD), 401, "10002");
    assertThat(passwordLogin(other, "amber", PASSWORD).status()).isEqualTo(200);
    assertError(http.form("/ccadmin/v1/login", Map.of(), Map.of("grant_type", "password")), 400, "10004");
    assertError(http.form("/ccadmin/v1/login", Map.of(), Map.of("grant_type", "authorization_code")), 400, "10003");
    assertError(keyLogin("/ccadmin/v1/login", "not-a-key"), 401, "10002");
  }

  @Test
  void anotherTenantsApplicationIdsAreNotFound() {
    JsonObject mine = create(admin, new JsonObject().put("name", "mine").put("type", "extension"));
    String other = instanceWithAdmin("Foreign", "felix");
    String theirs = passwordLogin(other, "felix", PASSWORD).json().getString("access_token");

    assertError(http.get(APPS + "/" + mine.getString("id") + "?type=extension", theirs), 404, "30001");
    // a token or key of one instance is refused on the other's domain
    assertError(http.send("GET", APPS, withHost(Http.bearer(theirs), domain), null, null), 401, "10001");
    JsonObject key = create(admin, new JsonObject().put("name", "homebound").put("type", "application"));
    Map<String, String> keyOnOtherHost = withHost(Http.bearer(key.getString("token")), other);
    assertError(http.form("/ccadmin/v1/login", keyOnOtherHost, Map.of("grant_type", "client_credentials")), 401,
        "10002");
    assertThat(http.form("/ccadmin/v1/login", withHost(Http.bearer(key.getString("token")), domain),
        Map.of("grant_type", "client_credentials")).status()).isEqualTo(200);
    assertError(http.delete(APPS + "/" + mine.getString("id") + "?type=extension", theirs), 404, "30001");
    assertThat(http.get(APPS, theirs).json().getJsonArray("items")).isEqualTo(new JsonArray());
  }

  @Test
  void theRegistryIsPublicAndNamesEveryOperation() {
    Response registry = http.get("/ccadmin/v1/registry", null);
    assertThat(registry.status()).isEqualTo(200);
    assertThat(registry.header("OracleCommerceCloud-Version")).isNotBlank();
    JsonObject map = registry.json().getJsonObject("endpointMap");
    assertThat(map.fieldNames()).contains("login", "listLocales", "createApplicationID", "getApplicationIDs",
        "getApplicationID", "updateApplicationID", "deleteApplicationID", "appIdOperation");
    assertThat(map.getJsonObject("getApplicationID").getString("url")).isEqualTo("/ccadmin/v1/applicationIds/{}");
    assertThat(map.getJsonObject("createApplicationID").getString("method")).isEqualTo("POST");
    // what the contract's security says: login takes an application key or a password, the registry nothing
    assertThat(map.getJsonObject("login").getBoolean("authRequired")).isFalse();
    assertThat(map.getJsonObject("getRegistry").getBoolean("authRequired")).isFalse();
    assertThat(map.getJsonObject("refresh").getBoolean("authRequired")).isTrue();
    assertThat(map.getJsonObject("createApplicationID").getBoolean("authRequired")).isTrue();
    Response locales = http.get("/ccadmin/v1/locales?withAliases=true", admin);
    assertThat(locales.json().getJsonObject("defaultLocale").getString("name")).isEqualTo("en");
  }
}
