package dev.keygate.gateway.rotation;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Poll;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/** What the rotation tests do over HTTP: machine users and apps with secrets, rotations, grants, introspection. */
final class RotationFixture {

  static final Map<String, String> GRANT = Map.of("grant_type", "client_credentials", "scope", "openid");

  private final Http http;
  private final Tenants.Tenant tenant;

  RotationFixture(Http http, Tenants.Tenant tenant) {
    this.http = http;
    this.tenant = tenant;
  }

  /** A machine user with a first secret: {userId, clientId, clientSecret}. */
  JsonObject machine(Tenants tenants, String name) {
    String userId = tenants.machineUser(tenant, name);
    JsonObject secret = http.put(secretPath(userId), tenant.pat(), new JsonObject()).json();
    return new JsonObject().put("userId", userId).put("clientId", secret.getString("clientId"))
        .put("clientSecret", secret.getString("clientSecret"));
  }

  static String secretPath(String userId) {
    return "/management/v1/users/" + userId + "/secret";
  }

  /** A new secret for the machine user, the old one kept for {@code validFor} (null: not sent). */
  Response rotateMachine(String userId, String validFor) {
    JsonObject body = validFor == null ? new JsonObject() : new JsonObject().put("previousSecretValidFor", validFor);
    return http.put(secretPath(userId), tenant.pat(), body);
  }

  int grant(String clientId, String secret) {
    return http.form("/oauth/v2/token", Http.basic(clientId, secret), GRANT).status();
  }

  String token(String clientId, String secret) {
    return http.form("/oauth/v2/token", Http.basic(clientId, secret), GRANT).json().getString("access_token");
  }

  /** The status of an introspection authenticated by the app's client id and {@code secret}. */
  int introspectAs(String clientId, String secret, String token) {
    return http.form("/oauth/v2/introspect", Http.basic(clientId, secret), Map.of("token", token)).status();
  }

  static String appPath(String projectId, String appId) {
    return "/management/v1/projects/" + projectId + "/apps/" + appId + "/api_config";
  }

  Response rotateApp(String projectId, String appId, String validFor) {
    JsonObject body = validFor == null ? new JsonObject() : new JsonObject().put("previousSecretValidFor", validFor);
    return http.post(appPath(projectId, appId) + "/_generate_client_secret", tenant.pat(), body);
  }

  JsonObject machineSecrets(String userId) {
    return http.get(secretPath(userId), tenant.pat()).json();
  }

  /** Waits (at most 5 s) until the grant with this secret is refused; answers the milliseconds it took. */
  long untilRefused(String clientId, String secret) {
    long start = System.nanoTime();
    Poll.until(Duration.ofSeconds(5), () -> grant(clientId, secret), status -> status != 200);
    return (System.nanoTime() - start) / 1_000_000;
  }

  static JsonArray roles(String... roles) {
    JsonArray array = new JsonArray();
    for (String role : roles) {
      array.add(role);
    }
    return array;
  }
}
