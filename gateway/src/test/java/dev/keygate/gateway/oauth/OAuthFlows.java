package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every credential Keygate issues, used end to end through HTTP only, once for each format of access token: the
 * subclasses say which type the machine users have (ZITADEL's {@code accessTokenType}), and every flow must behave
 * the same for both.
 */
abstract class OAuthFlows extends GatewayTest {

  private static final String CLIENT_CREDENTIALS = "client_credentials";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** {@code ACCESS_TOKEN_TYPE_BEARER} (opaque tokens) or {@code ACCESS_TOKEN_TYPE_JWT}. */
  abstract String accessTokenType();

  /** What this format's tokens look like: checked on every token a test gets. */
  abstract void assertFormat(String accessToken, String userId);

  /** A machine user who owns the organization, with a fresh secret: {userId, clientId, clientSecret}. */
  JsonObject machineWithSecret(Tenants.Tenant tenant, String userName) {
    String userId = gateway.tenants().machineUser(tenant, userName, accessTokenType());
    Response member = http.post("/management/v1/orgs/me/members", tenant.pat(), new JsonObject()
        .put("userId", userId).put("roles", new JsonArray().add("ORG_OWNER")));
    assertThat(member.status()).as(member.toString()).isEqualTo(200);
    Response secret = http.put("/management/v1/users/" + userId + "/secret", tenant.pat(), new JsonObject());
    assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
    return secret.json().put("userId", userId);
  }

  Response token(Map<String, String> headers, String... fields) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    return http.form("/oauth/v2/token", headers, form);
  }

  String accessToken(JsonObject machine, String scope) {
    Response response = token(Http.basic(machine.getString("clientId"), machine.getString("clientSecret")),
        "grant_type", CLIENT_CREDENTIALS, "scope", scope);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    String token = response.json().getString("access_token");
    assertFormat(token, machine.getString("userId"));
    return token;
  }

  Response introspect(Map<String, String> clientAuth, Map<String, String> extraForm, String token) {
    Map<String, String> form = new LinkedHashMap<>(extraForm);
    form.put("token", token);
    return http.form("/oauth/v2/introspect", clientAuth, form);
  }

  static String projectAudience(String projectId) {
    return "openid urn:zitadel:iam:org:project:id:" + projectId + ":aud";
  }

  private static JsonObject keyFile(Response created) {
    return new JsonObject(new String(Base64.getDecoder().decode(created.json().getString("keyDetails")),
        StandardCharsets.UTF_8));
  }

  @Test
  void aMachineSecretBuysATokenThatWorksOnTheManagementApi() {
    JsonObject machine = machineWithSecret(acme, "robot-1");
    Response response = token(Http.basic(machine.getString("clientId"), machine.getString("clientSecret")),
        "grant_type", CLIENT_CREDENTIALS, "scope", "openid");

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().getString("token_type")).isEqualTo("Bearer");
    assertThat(response.json().getLong("expires_in")).isPositive();
    assertThat(response.header("cache-control")).isEqualTo("no-store");
    String token = response.json().getString("access_token");
    assertFormat(token, machine.getString("userId"));

    Response created = http.post("/management/v1/projects", token, new JsonObject().put("name", "made-with-a-token"));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    // the form's client_id/client_secret work as well as Basic
    Response viaForm = token(Map.of(), "grant_type", CLIENT_CREDENTIALS, "scope", "openid",
        "client_id", machine.getString("clientId"), "client_secret", machine.getString("clientSecret"));
    assertThat(viaForm.status()).as(viaForm.toString()).isEqualTo(200);
  }

  @Test
  void tokenRequestsThatFailSayWhyInRfc6749Terms() {
    JsonObject machine = machineWithSecret(acme, "robot-2");
    Map<String, String> good = Http.basic(machine.getString("clientId"), machine.getString("clientSecret"));

    Response wrongSecret = token(Http.basic(machine.getString("clientId"), "not-the-secret"),
        "grant_type", CLIENT_CREDENTIALS, "scope", "openid");
    assertThat(wrongSecret.status()).isEqualTo(400);
    assertThat(wrongSecret.json().getString("error")).isEqualTo("invalid_client");
    Response noScope = token(good, "grant_type", CLIENT_CREDENTIALS);
    assertThat(noScope.json().getString("error")).as(noScope.toString()).isEqualTo("invalid_request");
    Response unknownGrant = token(good, "grant_type", "password", "scope", "openid");
    assertThat(unknownGrant.json().getString("error")).isEqualTo("unsupported_grant_type");
    Response noGrant = token(good, "scope", "openid");
    assertThat(noGrant.json().getString("error")).isEqualTo("invalid_request");
    assertThat(noGrant.json().getString("error_description")).contains("grant_type");
    Response json = http.send("POST", "/oauth/v2/token", good, "{\"grant_type\":\"client_credentials\"}",
        "application/json");
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.json().getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void aSignedAssertionOfAMachineKeyBuysAToken() {
    JsonObject machine = machineWithSecret(acme, "robot-3");
    Response key = http.post("/management/v1/users/" + machine.getString("userId") + "/keys", acme.pat(),
        new JsonObject().put("type", "KEY_TYPE_JSON"));
    assertThat(key.status()).as(key.toString()).isEqualTo(200);
    JsonObject file = keyFile(key);
    assertThat(file.getString("type")).isEqualTo("serviceaccount");
    assertThat(file.getString("keyId")).isEqualTo(key.json().getString("keyId"));
    String issuer = http.base();

    String assertion = Jwts.rs256(file.getString("keyId"),
        Jwts.assertionClaims(machine.getString("userId"), issuer, 300), file.getString("key"));
    Response response = token(Map.of(), "grant_type", JWT_BEARER, "assertion", assertion, "scope", "openid");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertFormat(response.json().getString("access_token"), machine.getString("userId"));
    Response used = http.post("/management/v1/projects/_search", response.json().getString("access_token"),
        new JsonObject());
    assertThat(used.status()).as(used.toString()).isEqualTo(200);

    String wrongAudience = Jwts.rs256(file.getString("keyId"),
        Jwts.assertionClaims(machine.getString("userId"), "https://elsewhere.example", 300), file.getString("key"));
    assertThat(token(Map.of(), "grant_type", JWT_BEARER, "assertion", wrongAudience, "scope", "openid").json()
        .getString("error")).isEqualTo("invalid_grant");
    String tooLong = Jwts.rs256(file.getString("keyId"),
        Jwts.assertionClaims(machine.getString("userId"), issuer, 7200), file.getString("key"));
    assertThat(token(Map.of(), "grant_type", JWT_BEARER, "assertion", tooLong, "scope", "openid").json()
        .getString("error")).isEqualTo("invalid_grant");
    String otherSubject = Jwts.rs256(file.getString("keyId"),
        Jwts.assertionClaims(acme.orgId(), issuer, 300), file.getString("key"));
    assertThat(token(Map.of(), "grant_type", JWT_BEARER, "assertion", otherSubject, "scope", "openid").json()
        .getString("error")).isEqualTo("invalid_grant");
    // on another instance's domain only that instance's users count (found by the contract fuzzer)
    Tenants.Tenant other = gateway.tenants().create("assertion-elsewhere");
    assertThat(token(Map.of("x-zitadel-instance-host", other.domain()), "grant_type", JWT_BEARER,
        "assertion", assertion, "scope", "openid").json().getString("error")).isEqualTo("invalid_grant");
    assertThat(token(Map.of("x-zitadel-instance-host", acme.domain()), "grant_type", JWT_BEARER,
        "assertion", assertion, "scope", "openid").status()).isEqualTo(200);
  }

  @Test
  void aBasicApiAppIntrospectsTokensMeantForItsProject() {
    JsonObject machine = machineWithSecret(acme, "robot-4");
    String projectId = gateway.tenants().project(acme, "introspected");
    JsonObject app = gateway.tenants().apiApp(acme, projectId, "resource-server");
    Map<String, String> appAuth = Http.basic(app.getString("clientId"), app.getString("clientSecret"));

    String meant = accessToken(machine, projectAudience(projectId));
    Response active = introspect(appAuth, Map.of(), meant);
    assertThat(active.status()).as(active.toString()).isEqualTo(200);
    assertThat(active.json().getBoolean("active")).isTrue();
    assertThat(active.json().getString("sub")).isEqualTo(machine.getString("userId"));
    assertThat(active.json().getString("client_id")).isEqualTo(machine.getString("clientId"));
    assertThat(active.json().getString("scope")).isEqualTo(projectAudience(projectId));
    assertThat(active.json().getJsonArray("aud")).contains(projectId);
    assertThat(active.json().getString("iss")).isEqualTo(http.base());

    assertThat(introspect(appAuth, Map.of(), accessToken(machine, "openid")).json().getBoolean("active")).isFalse();
    assertThat(introspect(appAuth, Map.of(), "not-a-token").json()).isEqualTo(new JsonObject().put("active", false));
    // RFC 6749 3.1: a parameter without a value is as if omitted; token is required (found by the contract fuzzer)
    Response empty = introspect(appAuth, Map.of(), "");
    assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
    assertThat(empty.json().getString("error")).isEqualTo("invalid_request");
    Response badClient = introspect(Http.basic(app.getString("clientId"), "wrong"), Map.of(), meant);
    assertThat(badClient.status()).isEqualTo(400);
    assertThat(badClient.json().getString("error")).isEqualTo("unauthorized_client");
    Response viaForm = introspect(Map.of(), Map.of("client_id", app.getString("clientId"),
        "client_secret", app.getString("clientSecret")), meant);
    assertThat(viaForm.json().getBoolean("active")).isTrue();
  }

  @Test
  void aPrivateKeyJwtAppIntrospectsWithAnAssertionSignedByItsKey() {
    JsonObject machine = machineWithSecret(acme, "robot-5");
    String projectId = gateway.tenants().project(acme, "jwt-introspected");
    Response app = http.post("/management/v1/projects/" + projectId + "/apps/api", acme.pat(), new JsonObject()
        .put("name", "jwt-app").put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"));
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    Response key = http.post("/management/v1/projects/" + projectId + "/apps/" + app.json().getString("appId")
        + "/keys", acme.pat(), new JsonObject().put("type", "KEY_TYPE_JSON"));
    assertThat(key.status()).as(key.toString()).isEqualTo(200);
    JsonObject file = keyFile(key);
    assertThat(file.getString("type")).isEqualTo("application");
    assertThat(file.getString("appId")).isEqualTo(app.json().getString("appId"));
    assertThat(file.getString("clientId")).isEqualTo(app.json().getString("clientId"));

    String token = accessToken(machine, projectAudience(projectId));
    String assertion = Jwts.rs256(file.getString("keyId"),
        Jwts.assertionClaims(file.getString("clientId"), http.base(), 300), file.getString("key"));
    Response active = introspect(Map.of(), Map.of("client_assertion_type", ASSERTION_TYPE,
        "client_assertion", assertion), token);
    assertThat(active.status()).as(active.toString()).isEqualTo(200);
    assertThat(active.json().getBoolean("active")).isTrue();

    String forged = Jwts.rs256(file.getString("keyId"),
        Jwts.assertionClaims(file.getString("clientId"), "https://elsewhere.example", 300), file.getString("key"));
    Response refused = introspect(Map.of(), Map.of("client_assertion_type", ASSERTION_TYPE,
        "client_assertion", forged), token);
    assertThat(refused.json().getString("error")).isEqualTo("unauthorized_client");
  }

  @Test
  void aRevokedTokenIsDeadForIntrospectionAndTheManagementApi() {
    JsonObject machine = machineWithSecret(acme, "robot-6");
    String projectId = gateway.tenants().project(acme, "revoked");
    JsonObject app = gateway.tenants().apiApp(acme, projectId, "rs");
    Map<String, String> appAuth = Http.basic(app.getString("clientId"), app.getString("clientSecret"));
    String token = accessToken(machine, projectAudience(projectId));
    assertThat(http.post("/management/v1/projects/_search", token, new JsonObject()).status()).isEqualTo(200);
    assertThat(introspect(appAuth, Map.of(), token).json().getBoolean("active")).isTrue();

    Response revoked = http.form("/oauth/v2/revoke",
        Http.basic(machine.getString("clientId"), machine.getString("clientSecret")), Map.of("token", token));
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

    assertThat(introspect(appAuth, Map.of(), token).json().getBoolean("active")).isFalse();
    assertThat(http.post("/management/v1/projects/_search", token, new JsonObject()).status()).isEqualTo(401);
    Response unauthenticated = http.form("/oauth/v2/revoke", Map.of(), Map.of("token", token));
    assertThat(unauthenticated.json().getString("error")).isEqualTo("unauthorized_client");
  }

  @Test
  void aRegeneratedSecretKillsTheOldOneAtOnce() {
    JsonObject machine = machineWithSecret(acme, "robot-7");
    accessToken(machine, "openid"); // the old secret is now verified and cached

    Response renewed = http.put("/management/v1/users/" + machine.getString("userId") + "/secret", acme.pat(),
        new JsonObject());
    Response old = token(Http.basic(machine.getString("clientId"), machine.getString("clientSecret")),
        "grant_type", CLIENT_CREDENTIALS, "scope", "openid");
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.json().getString("error")).isEqualTo("invalid_client");
    assertThat(token(Http.basic(machine.getString("clientId"), renewed.json().getString("clientSecret")),
        "grant_type", CLIENT_CREDENTIALS, "scope", "openid").status()).isEqualTo(200);
  }

  @Test
  void aRemovedAppsCredentialsFailAtOnce() {
    JsonObject machine = machineWithSecret(acme, "robot-8");
    String projectId = gateway.tenants().project(acme, "removed-app");
    JsonObject app = gateway.tenants().apiApp(acme, projectId, "short-lived");
    Map<String, String> appAuth = Http.basic(app.getString("clientId"), app.getString("clientSecret"));
    String token = accessToken(machine, projectAudience(projectId));
    assertThat(introspect(appAuth, Map.of(), token).json().getBoolean("active")).isTrue();

    assertThat(http.delete("/management/v1/projects/" + projectId + "/apps/" + app.getString("appId"), acme.pat())
        .status()).isEqualTo(200);

    Response refused = introspect(appAuth, Map.of(), token);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("error")).isEqualTo("unauthorized_client");
  }

  @Test
  void aTokenOfOneInstanceIsNeverActiveForAnotherInstancesApp() {
    Tenants.Tenant other = gateway.tenants().create("other");
    String otherProject = gateway.tenants().project(other, "theirs");
    JsonObject otherApp = gateway.tenants().apiApp(other, otherProject, "their-rs");
    JsonObject machine = machineWithSecret(acme, "robot-9");
    // the token even names the other instance's project as its audience
    String token = accessToken(machine, projectAudience(otherProject));

    Response result = introspect(Http.basic(otherApp.getString("clientId"), otherApp.getString("clientSecret")),
        Map.of(), token);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json()).isEqualTo(new JsonObject().put("active", false));
    Response foreign = http.post("/management/v1/projects/_search", token,
        new JsonObject());
    assertThat(foreign.status()).isEqualTo(200); // in its own instance it works
  }

  @Test
  void repeatedFailuresWaitLongerButTheRightSecretNever() {
    JsonObject machine = machineWithSecret(acme, "robot-10");
    Map<String, String> wrong = Http.basic(machine.getString("clientId"), "guess");
    for (int i = 0; i < 4; i++) {
      token(wrong, "grant_type", CLIENT_CREDENTIALS, "scope", "openid");
    }

    long started = System.nanoTime();
    Response slowed = token(wrong, "grant_type", CLIENT_CREDENTIALS, "scope", "openid");
    long failureMs = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    Response right = token(Http.basic(machine.getString("clientId"), machine.getString("clientSecret")),
        "grant_type", CLIENT_CREDENTIALS, "scope", "openid");
    long successMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(slowed.status()).isEqualTo(400);
    assertThat(failureMs).as("the fifth failure is tarpitted").isGreaterThanOrEqualTo(450);
    assertThat(right.status()).isEqualTo(200);
    assertThat(successMs).as("the right secret is not").isLessThan(failureMs);
  }

  @Test
  void aTokenWithACharacterMoreOrLessIsNobodysTokenAndRevokingItLeavesTheRealOne() {
    JsonObject machine = machineWithSecret(acme, "robot-12");
    String projectId = gateway.tenants().project(acme, "tampered");
    JsonObject app = gateway.tenants().apiApp(acme, projectId, "tamper-check");
    Map<String, String> appAuth = Http.basic(app.getString("clientId"), app.getString("clientSecret"));
    String token = accessToken(machine, projectAudience(projectId));

    for (String tampered : new String[] {token + "x", token.substring(0, token.length() - 1)}) {
      assertThat(introspect(appAuth, Map.of(), tampered).json()).isEqualTo(new JsonObject().put("active", false));
      assertThat(http.post("/management/v1/projects/_search", tampered, new JsonObject()).status()).isEqualTo(401);
      http.form("/oauth/v2/revoke", Http.basic(machine.getString("clientId"), machine.getString("clientSecret")),
          Map.of("token", tampered));
    }
    assertThat(introspect(appAuth, Map.of(), token).json().getBoolean("active")).isTrue();
  }

  @Test
  void aMachineUserRevokingWithItsRightSecretNeverWaits() {
    JsonObject machine = machineWithSecret(acme, "robot-13");
    Map<String, String> credentials = Http.basic(machine.getString("clientId"), machine.getString("clientSecret"));
    long slowest = 0;
    for (int i = 0; i < 6; i++) {
      String token = accessToken(machine, "openid");
      long started = System.nanoTime();
      Response revoked = http.form("/oauth/v2/revoke", credentials, Map.of("token", token));
      slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
      assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
      assertThat(http.post("/management/v1/projects/_search", token, new JsonObject()).status()).isEqualTo(401);
    }
    // the tarpit starts after three failures with 250 ms; six right secrets must never reach it
    assertThat(slowest).as("ms of the slowest revocation").isLessThan(250);
  }
}
