package dev.keygate.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With PostgreSQL stopped, {@code /health/ready} turns 503 naming the failing check ({@code store}) within the store's
 * timeout while live stays up, and turns 200 again once the database is back. It stops a server of its own, so it
 * runs once, on PostgreSQL (@SingleStore).
 */
@SingleStore
class ReadinessTest {

  private static final int TIMEOUT_MS = 1_000;

  @Test
  void readyFollowsTheDatabase(@TempDir Path data) {
    try (TestPostgres server = TestPostgres.dedicated(data.resolve("pg"));
         TestGateway gateway = TestGateway.start(null, TestStore.postgres(server)
             .put(KeygateConfig.PG_TIMEOUT_MS, TIMEOUT_MS))) {
      assertThat(gateway.management().get("/health/ready", null).status()).isEqualTo(200);

      server.stop();
      long started = System.nanoTime();
      Response down = gateway.management().get("/health/ready", null);
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertThat(down.status()).as(down.body()).isEqualTo(503);
      assertThat(down.json().getString("status")).isEqualTo("DOWN");
      JsonObject store = down.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(check -> check.getString("id").equals("store")).findFirst().orElseThrow();
      assertThat(store.getString("status")).isEqualTo("DOWN");
      assertThat(ms).as("answered within the store's timeout and a margin").isLessThan(TIMEOUT_MS + 2_000);
      assertThat(gateway.management().get("/health/live", null).status()).isEqualTo(200);
      assertThat(gateway.management().get("/health/started", null).status()).isEqualTo(200);
      assertThat(gateway.http().get("/healthz", null).status()).isEqualTo(200);
      Scrape scrape = Scrape.of(gateway);
      assertThat(scrape.text()).contains("keygate_build_info");

      server.start();
      assertThat(gateway.management().get("/health/ready", null).status()).isEqualTo(200);
    }
  }
}
