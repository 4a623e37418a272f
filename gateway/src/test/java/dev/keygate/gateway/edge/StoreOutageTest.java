package dev.keygate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With PostgreSQL stopped, every operation of every surface, read or write, answers within the store timeout either
 * without the store (a cached credential, a validation error, the signing keys in memory) or as its surface's
 * documented "unavailable" 503, never a 500 and never an ERROR line; when the database is back, everything works.
 * It stops a server of its own, so it runs once (@SingleStore), on PostgreSQL whatever the store of the run.
 */
@SingleStore
class StoreOutageTest {

  private static final int TIMEOUT_MS = 1_500;

  private record Call(String method, String path, String token, String body, String type) {}

  @Test
  void everyOperationAnswers503OrWithoutTheStoreWhileTheDatabaseIsDown(@TempDir Path data) {
    try (TestPostgres server = TestPostgres.dedicated(data.resolve("pg"));
         TestGateway gateway = TestGateway.start(null, TestStore.postgres(server)
             .put(KeygateConfig.PG_TIMEOUT_MS, TIMEOUT_MS))) {
      Tenants.Tenant tenant = gateway.tenants().create("outage");
      String project = gateway.tenants().project(tenant, "p");
      String app = gateway.tenants().apiApp(tenant, project, "api").getString("appId");
      String user = gateway.tenants().machineUser(tenant, "robot");
      List<Call> calls = calls(tenant, project, app, user);
      Http http = gateway.http();

      server.stop();
      List<String> wrong = new ArrayList<>();
      int unavailable = 0;
      try (ErrorLog log = new ErrorLog()) {
        for (Call call : calls) {
          long started = System.nanoTime();
          Response response = http.send(call.method(), call.path(), Http.bearer(call.token()), call.body(),
              call.type());
          long ms = (System.nanoTime() - started) / 1_000_000;
          if (response.status() >= 500 && response.status() != 503 || ms > 3L * TIMEOUT_MS) {
            wrong.add(call.method() + " " + call.path() + " → " + response.status() + " in " + ms + " ms");
          }
          unavailable += response.status() == 503 ? 1 : 0;
        }
        assertThat(log.errors()).as("an unreachable store is not an unexpected failure").isEmpty();
      }
      assertThat(wrong).isEmpty();
      assertThat(unavailable).as("calls answered 503 of " + calls.size()).isGreaterThan(calls.size() / 2);
      // the reads a hostile client found answering 500, each in its surface's own "unavailable"
      assertThat(http.get("/management/v1/projects/" + project, tenant.pat()).json().getInteger("code"))
          .isEqualTo(14);
      assertThat(http.post("/management/v1/projects/_search", tenant.pat(), new JsonObject()).status())
          .isEqualTo(503);
      assertThat(http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, new JsonObject()).status())
          .isEqualTo(503);
      Response ecosystems = http.get("/api/ecosystems", tenant.pat());
      assertThat(ecosystems.status()).isEqualTo(503);
      assertThat(ecosystems.json().getString("error")).isEqualTo("Unavailable");

      server.start();
      assertThat(http.get("/management/v1/projects/" + project, tenant.pat()).status()).isEqualTo(200);
      assertThat(http.post("/management/v1/projects/_search", tenant.pat(), new JsonObject()).status())
          .isEqualTo(200);
      assertThat(http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, new JsonObject()).status())
          .isEqualTo(200);
      assertThat(http.get("/api/ecosystems", tenant.pat()).status()).isEqualTo(200);
      assertThat(gateway.tenants().apiApp(tenant, project, "after").getString("appId")).isNotBlank();
    }
  }

  /** One call per operation of the five contracts, with the tenant's credentials and plausible bodies. */
  private static List<Call> calls(Tenants.Tenant t, String project, String app, String user) {
    String json = "application/json";
    String form = "application/x-www-form-urlencoded";
    String sys = TestGateway.SYSTEM_TOKEN;
    String pat = t.pat();
    String eco = "C0123456789abcdef01234567";
    String client = "K0123456789abcdef01234567";
    String apps = "/management/v1/projects/" + project + "/apps";
    return List.of(
        new Call("POST", "/system/v1/instances/_create", sys, "{\"instanceName\":\"x\",\"customDomain\":\"x.example"
            + ".com\",\"owner\":{\"userName\":\"o\",\"email\":{\"email\":\"o@x.example.com\"},\"profile\":{"
            + "\"givenName\":\"o\",\"familyName\":\"o\"},\"password\":{\"password\":\"Password1!\"}}}", json),
        new Call("POST", "/system/v1/instances/_search", sys, "{}", json),
        new Call("GET", "/system/v1/instances/" + t.instanceId(), sys, null, null),
        new Call("DELETE", "/system/v1/instances/123", sys, null, null),
        new Call("POST", "/management/v1/projects", pat, "{\"name\":\"q\"}", json),
        new Call("POST", "/management/v1/projects/_search", pat, "{}", json),
        new Call("GET", "/management/v1/projects/" + project, pat, null, null),
        new Call("DELETE", "/management/v1/projects/123", pat, null, null),
        new Call("POST", apps + "/api", pat, "{\"name\":\"during\"}", json),
        new Call("POST", apps + "/_search", pat, "{}", json),
        new Call("GET", apps + "/" + app, pat, null, null),
        new Call("DELETE", apps + "/123", pat, null, null),
        new Call("POST", apps + "/" + app + "/api_config/_generate_client_secret", pat, "{}", json),
        new Call("POST", apps + "/" + app + "/keys", pat, "{\"type\":\"KEY_TYPE_JSON\"}", json),
        new Call("POST", "/management/v1/users/machine", pat, "{\"userName\":\"m2\",\"name\":\"m2\"}", json),
        new Call("POST", "/management/v1/users/human", pat, "{\"userName\":\"h\",\"profile\":{\"givenName\":\"h\","
            + "\"familyName\":\"h\"},\"email\":{\"email\":\"h@example.com\"}}", json),
        new Call("GET", "/management/v1/users/" + user, pat, null, null),
        new Call("DELETE", "/management/v1/users/123", pat, null, null),
        new Call("PUT", "/management/v1/users/" + user + "/secret", pat, "{}", json),
        new Call("DELETE", "/management/v1/users/" + user + "/secret", pat, null, null),
        new Call("POST", "/management/v1/users/" + user + "/pats", pat, "{}", json),
        new Call("POST", "/management/v1/users/" + user + "/keys", pat, "{\"type\":\"KEY_TYPE_JSON\"}", json),
        new Call("POST", "/management/v1/orgs/me/members", pat, "{\"userId\":\"" + user
            + "\",\"roles\":[\"ORG_OWNER\"]}", json),
        new Call("POST", "/api/ecosystems", pat, "{}", json),
        new Call("GET", "/api/ecosystems", pat, null, null),
        new Call("GET", "/api/ecosystems/" + eco, pat, null, null),
        new Call("PUT", "/api/ecosystems/" + eco, pat, "{}", json),
        new Call("DELETE", "/api/ecosystems/" + eco, pat, null, null),
        new Call("POST", "/api/clients", pat, "{\"ecosystemId\":\"" + eco + "\",\"type\":\"server\"}", json),
        new Call("GET", "/api/clients?ecosystemId=" + eco, pat, null, null),
        new Call("GET", "/api/clients/" + client, pat, null, null),
        new Call("PUT", "/api/clients/" + client, pat, "{}", json),
        new Call("DELETE", "/api/clients/" + client, pat, null, null),
        new Call("POST", "/api/clients/" + client + "/tokens", pat, "{}", json),
        new Call("GET", "/api/clients/" + client + "/tokens", pat, null, null),
        new Call("POST", "/oauth/v2/token", null, "grant_type=client_credentials&client_id=a&client_secret=b"
            + "&scope=openid", form),
        new Call("POST", "/oauth/v2/introspect", null, "token=t&client_id=a&client_secret=b", form),
        new Call("POST", "/oauth/v2/revoke", null, "token=t&client_id=a&client_secret=b", form),
        new Call("GET", "/oauth/v2/keys", null, null, null),
        new Call("GET", "/.well-known/openid-configuration", null, null, null),
        new Call("POST", "/ccadmin/v1/login", "an-application-key", "grant_type=client_credentials", form),
        new Call("POST", "/ccadmin/v1/refresh", "a-token", null, null),
        new Call("POST", "/ccadmin/v1/logout", "a-token", null, null),
        new Call("GET", "/ccadmin/v1/registry", null, null, null),
        new Call("GET", "/ccadmin/v1/locales", "a-token", null, null),
        new Call("GET", "/ccadmin/v1/applicationIds", "a-token", null, null),
        new Call("POST", "/ccadmin/v1/applicationIds", "a-token", "{\"name\":\"n\",\"type\":\"application\"}", json),
        new Call("GET", "/ccadmin/v1/applicationIds/abc?type=application", "a-token", null, null),
        new Call("PUT", "/ccadmin/v1/applicationIds/abc?type=application", "a-token", "{\"name\":\"n\"}", json),
        new Call("DELETE", "/ccadmin/v1/applicationIds/abc?type=application", "a-token", null, null),
        new Call("POST", "/ccadmin/v1/applicationIds/abc?type=application", "a-token", "{\"op\":\"genAuthToken\"}",
            json));
  }
}
