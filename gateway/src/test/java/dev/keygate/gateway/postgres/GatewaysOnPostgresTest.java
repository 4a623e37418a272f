package dev.keygate.gateway.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on PostgreSQL as operators run it: several processes on one database, restarts, and a database that
 * goes away for a while. Each gateway here has its own Vert.x, pool and caches, as a separate process would.
 * It picks PostgreSQL itself, whatever the store of the run, so the build runs it once (@SingleStore).
 */
@SingleStore
class GatewaysOnPostgresTest {

  @Test
  void fiftyParallelCreatesOfOneNameThroughTwoGatewaysHaveExactlyOneWinner() throws Exception {
    JsonObject database = TestStore.postgres(TestPostgres.shared());
    try (TestGateway first = TestGateway.start(null, database.copy());
         TestGateway second = TestGateway.start(null, database.copy())) {
      Tenants.Tenant tenant = first.tenants().create("race");
      String projectId = first.tenants().project(tenant, "p");
      String path = "/management/v1/projects/" + projectId + "/apps/api";

      ExecutorService clients = Executors.newFixedThreadPool(16);
      List<CompletableFuture<Response>> responses = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        TestGateway via = i % 2 == 0 ? first : second;
        responses.add(CompletableFuture.supplyAsync(
            () -> via.http().post(path, tenant.pat(), new JsonObject().put("name", "contended")), clients));
      }
      List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(Response::status).toList();
      clients.shutdown();

      assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
      assertThat(statuses).filteredOn(s -> s != 200).hasSize(49).containsOnly(409);
      Response listed = second.http().post("/management/v1/projects/" + projectId + "/apps/_search", tenant.pat(),
          new JsonObject());
      assertThat(listed.json().getJsonObject("details").getString("totalResult")).isEqualTo("1");
    }
  }

  @Test
  void aSecretRegeneratedThroughOneGatewayStopsWorkingAtTheOtherWithinASecond() {
    JsonObject database = TestStore.postgres(TestPostgres.shared());
    try (TestGateway first = TestGateway.start(null, database.copy());
         TestGateway second = TestGateway.start(null, database.copy())) {
      Tenants.Tenant tenant = first.tenants().create("invalidation");
      String userId = first.tenants().machineUser(tenant, "robot");
      JsonObject secret = first.http().put("/management/v1/users/" + userId + "/secret", tenant.pat(),
          new JsonObject()).json();
      Map<String, String> oldCredentials = Http.basic(
          secret.getString("clientId"), secret.getString("clientSecret"));
      Map<String, String> form = Map.of("grant_type", "client_credentials", "scope", "openid");
      // the second gateway verifies the secret once, and keeps it in its cache
      assertThat(second.http().form("/oauth/v2/token", oldCredentials, form).status()).isEqualTo(200);

      assertThat(first.http().put("/management/v1/users/" + userId + "/secret", tenant.pat(), new JsonObject())
          .status()).isEqualTo(200);
      long changed = System.nanoTime();
      int status;
      do {
        status = second.http().form("/oauth/v2/token", oldCredentials, form).status();
      } while (status == 200 && System.nanoTime() - changed < 3_000_000_000L);

      assertThat(status).isEqualTo(400);
      assertThat((System.nanoTime() - changed) / 1_000_000).as("ms until the other process refused the old secret")
          .isLessThan(1_000);
    }
  }

  @Test
  void objectsSequencesAndCredentialsSurviveAGatewayRestart() {
    JsonObject database = TestStore.postgres(TestPostgres.shared());
    Tenants.Tenant tenant;
    String projectId;
    JsonObject app;
    JsonObject appBefore;
    JsonObject secret;
    String accessToken;
    String robot;
    try (TestGateway gateway = TestGateway.start(null, database.copy())) {
      tenant = gateway.tenants().create("durable");
      robot = gateway.tenants().machineUser(tenant, "robot");
      gateway.http().post("/management/v1/orgs/me/members", tenant.pat(), new JsonObject().put("userId", robot)
          .put("roles", new JsonArray().add("ORG_OWNER")));
      secret = gateway.http().put("/management/v1/users/" + robot + "/secret", tenant.pat(), new JsonObject()).json();
      accessToken = gateway.http().form("/oauth/v2/token", Http.basic(
              secret.getString("clientId"), secret.getString("clientSecret")),
          Map.of("grant_type", "client_credentials", "scope", "openid")).json().getString("access_token");
      projectId = gateway.tenants().project(tenant, "p");
      app = gateway.tenants().apiApp(tenant, projectId, "api");
      appBefore = gateway.http().get("/management/v1/projects/" + projectId + "/apps/" + app.getString("appId"),
          tenant.pat()).json().getJsonObject("app");
    }

    try (TestGateway restarted = TestGateway.start(null, database.copy())) {
      // the PAT issued before the restart still authenticates, and the app reads back unchanged
      Response after = restarted.http().get("/management/v1/projects/" + projectId + "/apps/"
          + app.getString("appId"), tenant.pat());
      assertThat(after.status()).as(after.toString()).isEqualTo(200);
      assertThat(after.json().getJsonObject("app")).isEqualTo(appBefore);
      // the machine secret issued before the restart still buys a token, and the access token still verifies
      assertThat(restarted.http().form("/oauth/v2/token", Http.basic(
              secret.getString("clientId"), secret.getString("clientSecret")),
          Map.of("grant_type", "client_credentials", "scope", "openid")).status()).isEqualTo(200);
      assertThat(restarted.http().get("/oauth/v2/keys", null).json().getJsonArray("keys")).hasSize(1);
      Response withToken = restarted.http().get("/management/v1/users/" + robot, accessToken);
      assertThat(withToken.status()).as("a pre-restart access token authenticates").isEqualTo(200);
      // the project's sequence continues where it was
      JsonObject second = restarted.tenants().apiApp(tenant, projectId, "api-2");
      assertThat(Long.parseLong(second.getJsonObject("details").getString("sequence")))
          .isEqualTo(Long.parseLong(appBefore.getJsonObject("details").getString("sequence")) + 1);
    }
  }

  @Test
  void whileTheDatabaseIsDownRequestsFailFastWith503AndTheGatewayRecoversByItself(@TempDir Path data) {
    try (TestPostgres server = TestPostgres.dedicated(data.resolve("pg"));
         TestGateway gateway = TestGateway.start(null, TestStore.postgres(server)
             .put(KeygateConfig.PG_TIMEOUT_MS, 2_000))) {
      Tenants.Tenant tenant = gateway.tenants().create("outage");
      String projectId = gateway.tenants().project(tenant, "p");
      JsonObject acknowledged = gateway.tenants().apiApp(tenant, projectId, "before");

      server.stop();
      long started = System.nanoTime();
      Response zitadel = gateway.http().post("/management/v1/projects/" + projectId + "/apps/api", tenant.pat(),
          new JsonObject().put("name", "during"));
      Response droplit = gateway.http().post("/api/ecosystems", tenant.pat(), new JsonObject());
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(zitadel.status()).as(zitadel.toString()).isEqualTo(503);
      assertThat(zitadel.json().getInteger("code")).isEqualTo(14);
      assertThat(droplit.status()).as(droplit.toString()).isEqualTo(503);
      assertThat(elapsedMs).as("no request hangs while the database is away").isLessThan(2 * 2_000 + 2_000);

      server.start();
      Response read = gateway.http().get("/management/v1/projects/" + projectId + "/apps/"
          + acknowledged.getString("appId"), tenant.pat());
      assertThat(read.status()).as(read.toString()).isEqualTo(200);
      JsonObject after = gateway.tenants().apiApp(tenant, projectId, "after");
      assertThat(after.getString("appId")).isNotEqualTo(acknowledged.getString("appId"));
      Response listed = gateway.http().post("/management/v1/projects/" + projectId + "/apps/_search", tenant.pat(),
          new JsonObject());
      assertThat(listed.json().getJsonArray("result").stream().map(o -> ((JsonObject) o).getString("name")))
          .containsExactlyInAnyOrder("before", "after");
    }
  }
}
