package dev.keygate.gateway.zitadel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.VerboseLog;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With every logger at its most verbose, a full credential flow (including refused and malformed requests) leaves no
 * secret, token or password in any log event, and no GET or list response repeats one.
 */
@EveryStore
class SecretsNeverLeakTest {

  @Test
  void noCredentialReachesALogLineOrAReadResponse() {
    VerboseLog log = new VerboseLog();
    List<String> credentials = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    try (log; TestGateway gateway = TestGateway.start()) {
      Http http = gateway.http();
      Tenants.Tenant tenant = gateway.tenants().create("leaky");
      credentials.add(tenant.pat());
      credentials.add(TestGateway.SYSTEM_TOKEN);
      String project = gateway.tenants().project(tenant, "p");
      JsonObject app = gateway.tenants().apiApp(tenant, project, "app");
      credentials.add(app.getString("clientSecret"));
      String machine = gateway.tenants().machineUser(tenant, "bot");
      String machineSecret = http.put("/management/v1/users/" + machine + "/secret", tenant.pat(), null).json()
          .getString("clientSecret");
      credentials.add(machineSecret);
      credentials.add(http.post("/management/v1/users/" + machine + "/pats", tenant.pat(), new JsonObject()).json()
          .getString("token"));
      credentials.add(http.post("/management/v1/projects/" + project + "/apps/" + app.getString("appId")
          + "/api_config/_generate_client_secret", tenant.pat(), null).json().getString("clientSecret"));
      gateway.tenants().humanUser(tenant, "ada");
      credentials.add("Correct-Horse-9");
      // refused and broken requests carry credentials too, also in bodies and on the Droplit surface
      http.post("/management/v1/projects", "wrong-" + tenant.pat(), new JsonObject().put("name", "x"));
      http.send("POST", "/management/v1/projects", Http.bearer(tenant.pat()), "{\"name\":", "application/json");
      http.post("/management/v1/projects", tenant.pat(), new JsonObject().put("name", 5).put("secret", tenant.pat()));
      // protojson's refusal quotes the value in its answer, never in a log line
      http.post("/management/v1/projects/_search", tenant.pat(), new JsonObject()
          .put("query", new JsonObject().put("limit", tenant.pat())));
      http.send("GET", "/api/ecosystems", Map.of("authorization", "wrong-" + tenant.pat()), null, null);
      http.send("POST", "/api/clients?token=" + tenant.pat(), Map.of("authorization", tenant.pat()), "{}",
          "application/json");

      // OAuth: secrets in Basic and in forms, right and wrong; the access token it buys; introspection and revocation
      Map<String, String> grant = Map.of("grant_type", "client_credentials", "scope", "openid");
      String accessToken = http.form("/oauth/v2/token", Http.basic("bot", machineSecret), grant).json()
          .getString("access_token");
      credentials.add(accessToken);
      http.form("/oauth/v2/token", Http.basic("bot", "wrong-" + machineSecret), grant);
      http.form("/oauth/v2/token", Map.of(), Map.of("grant_type", "client_credentials",
          "client_id", "bot", "client_secret", "wrong-" + machineSecret));
      http.form("/oauth/v2/introspect", Http.basic(app.getString("clientId"), "wrong"), Map.of("token",
          accessToken));
      http.post("/management/v1/projects/_search", accessToken, new JsonObject());
      http.form("/oauth/v2/revoke", Http.basic("bot", machineSecret), Map.of("token", accessToken));
      http.post("/management/v1/projects/_search", accessToken, new JsonObject());

      // rotation with overlap: both secrets authenticate for a while; the reads of their times show neither
      String appConfig = "/management/v1/projects/" + project + "/apps/" + app.getString("appId") + "/api_config";
      credentials.add(http.put("/management/v1/users/" + machine + "/secret", tenant.pat(),
          new JsonObject().put("previousSecretValidFor", "3600s")).json().getString("clientSecret"));
      credentials.add(http.post(appConfig + "/_generate_client_secret", tenant.pat(),
          new JsonObject().put("previousSecretValidFor", "3600s")).json().getString("clientSecret"));
      http.form("/oauth/v2/token", Http.basic("bot", machineSecret), grant);
      reads.add(http.get("/management/v1/users/" + machine + "/secret", tenant.pat()).body());
      reads.add(http.get(appConfig + "/client_secret", tenant.pat()).body());

      reads.add(http.get("/management/v1/projects/" + project + "/apps/" + app.getString("appId"), tenant.pat())
          .body());
      reads.add(http.post("/management/v1/projects/" + project + "/apps/_search", tenant.pat(), null).body());
      reads.add(http.get("/management/v1/users/" + machine, tenant.pat()).body());
      reads.add(http.get("/system/v1/instances/" + tenant.instanceId(), TestGateway.SYSTEM_TOKEN).body());
    }

    assertThat(credentials).doesNotContainNull().hasSize(10);
    assertThat(log.events()).as("the failures above were logged (at DEBUG)")
        .anyMatch(e -> e.getFormattedMessage().contains("answered 401"));
    log.assertNoLineContains(credentials);
    for (String read : reads) {
      for (String credential : credentials) {
        assertThat(read).doesNotContain(credential);
      }
      assertThat(read).doesNotContain("secretHash", "passwordHash", "tokenHash");
    }
  }
}
