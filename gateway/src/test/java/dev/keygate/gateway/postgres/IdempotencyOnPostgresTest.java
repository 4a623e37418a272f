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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key with gateways as separate processes on one PostgreSQL (each its own Vert.x, pool and store): the
 * claim that wins is decided by the database, so retries spread over two gateways create once; an answer survives a
 * restart of every gateway; and the table holds nothing readable.
 */
@SingleStore
class IdempotencyOnPostgresTest {

  private static Response create(TestGateway via, String path, String pat, JsonObject body, String key) {
    Map<String, String> headers = Http.bearer(pat);
    headers.put("Idempotency-Key", "\"" + key + "\"");
    return via.http().send("POST", path, headers, body.encode(), "application/json");
  }

  @Test
  void fiftyParallelRetriesThroughTwoProcessesCreateOnceAndAnswerSurvivesARestartOfBoth() {
    JsonObject database = TestStore.postgres(TestPostgres.shared());
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("name", "contended");
    Tenants.Tenant tenant;
    String path;
    Response first;
    try (TestGateway one = TestGateway.start(null, database.copy());
         TestGateway two = TestGateway.start(null, database.copy())) {
      tenant = one.tenants().create("race");
      String projectId = one.tenants().project(tenant, "p");
      path = "/management/v1/projects/" + projectId + "/apps/api";

      ExecutorService clients = Executors.newFixedThreadPool(16);
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        TestGateway via = i % 2 == 0 ? one : two;
        calls.add(CompletableFuture.supplyAsync(() -> create(via, path, tenant.pat(), body, key), clients));
      }
      List<Response> answers = calls.stream().map(CompletableFuture::join).toList();
      clients.shutdown();

      assertThat(answers).extracting(Response::status).isSubsetOf(200, 409);
      List<Response> created = answers.stream().filter(r -> r.status() == 200).toList();
      assertThat(created).isNotEmpty();
      Set<String> bodies = new HashSet<>();
      created.forEach(r -> bodies.add(r.body()));
      assertThat(bodies).as("every 200 is the one app with its one secret").hasSize(1);
      answers.stream().filter(r -> r.status() == 409).forEach(r -> assertThat(r.json().getInteger("code"))
          .isEqualTo(10));
      Response listed = two.http().post("/management/v1/projects/" + projectId + "/apps/_search", tenant.pat(),
          new JsonObject());
      assertThat(listed.json().getJsonObject("details").getString("totalResult")).isEqualTo("1");
      first = created.get(0);
    }
    try (TestGateway restarted = TestGateway.start(null, database.copy())) {
      Response retry = create(restarted, path, tenant.pat(), body, key);
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    }
    assertNothingReadable(database, first.json().getString("clientSecret"), key);
  }

  /** Reads every row of the table as it is stored and looks for the secret and the key in it. */
  private static void assertNothingReadable(JsonObject database, String secret, String key) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(database.getString(KeygateConfig.PG_URI)))
        .using(vertx).build();
    try {
      RowSet<Row> rows = pool.query("SELECT id, instance_id, request_hash, lease_id, answer FROM "
          + database.getString(KeygateConfig.PG_SCHEMA) + ".idempotency_keys").execute()
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertThat(rows.size()).isEqualTo(1);
      Row row = rows.iterator().next();
      Buffer answer = row.getBuffer("answer");
      assertThat(answer).isNotNull();
      String stored = row.getString("id") + row.getString("instance_id") + row.getString("request_hash")
          + row.getString("lease_id") + answer.toString(StandardCharsets.ISO_8859_1);
      assertThat(stored).doesNotContain(secret).doesNotContain(key).doesNotContain("contended");
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      vertx.close(); // closes the pool too
    }
  }
}
