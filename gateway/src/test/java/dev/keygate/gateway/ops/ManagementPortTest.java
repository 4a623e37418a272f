package dev.keygate.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Metrics and health live on the management port only: on the tenant-facing port they are a 404 in the ZITADEL shape
 * every unknown path gets, and {@code /healthz} stays there as the alias of live.
 */
class ManagementPortTest extends GatewayTest {

  @Test
  void metricsAndHealthAreNotOnTheMainPort() {
    assertThat(gateway.managementPort()).isPositive().isNotEqualTo(gateway.port());
    for (String path : new String[] {"/metrics", "/health/live", "/health/ready", "/health/started",
        "/health/primary"}) {
      Response response = http.get(path, null);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.json()).as(path).isEqualTo(new JsonObject().put("code", 5).put("message", "Not Found"));
    }
    Response healthz = http.get("/healthz", null);
    assertThat(healthz.status()).isEqualTo(200);
    assertThat(healthz.json().getString("status")).isEqualTo("UP");
  }

  @Test
  void theManagementPortAnswersHealthAndMetrics() {
    Http management = gateway.management();
    for (String path : new String[] {"/health/live", "/health/started", "/health/ready", "/health/primary"}) {
      Response response = management.get(path, null);
      assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
      assertThat(response.json().getString("status")).as(path).isEqualTo("UP");
    }
    assertThat(management.get("/health/ready", null).json().getJsonArray("checks").stream()
        .map(check -> ((JsonObject) check).getString("id"))).containsExactlyInAnyOrder("serving", "store");
    // a store whose server cannot move (memory, PostgreSQL at one address) names no host and counts no failover
    JsonObject primary = management.get("/health/primary", null).json().getJsonArray("checks").getJsonObject(0);
    assertThat(primary.getString("id")).isEqualTo("primary");
    assertThat(primary.getJsonObject("data").getString("primary")).isEqualTo("fixed");
    assertThat(primary.getJsonObject("data").getLong("failovers")).isZero();
    assertThat(management.get("/metrics", null).body()).contains("keygate_build_info")
        .doesNotContain("keygate_store_failovers");
    // nothing of the tenant-facing API is served here
    assertThat(management.get("/management/v1/projects/1", acme.pat()).status()).isEqualTo(404);
    assertThat(management.get("/healthz", null).status()).isEqualTo(404);
  }

  @Test
  void withMetricsOffThereIsNoMetricsEndpointButHealthRemains() {
    try (TestGateway quiet = TestGateway.start(new JsonObject().put(KeygateConfig.METRICS, "off"))) {
      assertThat(quiet.management().get("/metrics", null).status()).isEqualTo(404);
      assertThat(quiet.management().get("/health/ready", null).status()).isEqualTo(200);
      assertThat(quiet.tenants().create("quiet").pat()).isNotBlank();
    }
  }
}
