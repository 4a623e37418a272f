package dev.keygate.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Poll;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestStore;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The operations a test drives show up in {@code /metrics} on the management port, each counted once under its
 * surface and contract operation, and no label carries what identifies a tenant or a credential.
 */
class MetricsTest extends GatewayTest {

  @Test
  void requestsAreCountedPerSurfaceOperationAndStatusClass() {
    Scrape before = Scrape.of(gateway);
    for (int i = 0; i < 3; i++) {
      assertThat(http.post("/management/v1/projects", acme.pat(), new JsonObject().put("name", "m" + i)).status())
          .isEqualTo(200);
    }
    assertThat(http.post("/management/v1/projects", "not-a-pat", new JsonObject().put("name", "x")).status())
        .isEqualTo(401);
    assertThat(http.get("/management/v1/no/such/path", acme.pat()).status()).isEqualTo(404);
    Scrape after = Scrape.of(gateway);

    assertThat(after.requests("zitadel-management", "AddProject", "2xx")
        - before.requests("zitadel-management", "AddProject", "2xx"))
        .as(before.text().lines().filter(l -> l.contains("AddProject")).toList() + "\n"
            + after.text().lines().filter(l -> l.contains("AddProject")).toList()).isEqualTo(3);
    assertThat(after.requests("zitadel-management", "AddProject", "4xx")
        - before.requests("zitadel-management", "AddProject", "4xx")).isEqualTo(1);
    assertThat(after.sum("keygate_authentication_failures_total", Map.of("area", "bearer"))
        - before.sum("keygate_authentication_failures_total", Map.of("area", "bearer"))).isEqualTo(1);
    assertThat(after.requests("zitadel-management", "none", "4xx")
        - before.requests("zitadel-management", "none", "4xx")).isEqualTo(1);
    assertThat(after.sum("keygate_http_server_requests_seconds_bucket",
        Map.of("operation", "AddProject", "status", "2xx", "le", "+Inf"))).isGreaterThanOrEqualTo(3);
  }

  @Test
  void tokenGrantsIntrospectionsFailuresAndCacheLookupsAreCounted() {
    String project = gateway.tenants().project(acme, "metered");
    JsonObject app = gateway.tenants().apiApp(acme, project, "introspector");
    String user = gateway.tenants().machineUser(acme, "metered-bot");
    JsonObject secret = http.put("/management/v1/users/" + user + "/secret", acme.pat(), new JsonObject()).json();
    Map<String, String> bot = Http.basic(secret.getString("clientId"), secret.getString("clientSecret"));
    Map<String, String> introspector = Http.basic(app.getString("clientId"), app.getString("clientSecret"));
    String scope = "openid urn:zitadel:iam:org:project:id:" + project + ":aud";
    Scrape before = Scrape.of(gateway);

    Response token = http.form("/oauth/v2/token", bot, Map.of("grant_type", "client_credentials", "scope", scope));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    assertThat(http.form("/oauth/v2/token", bot, Map.of("grant_type", "client_credentials", "scope", scope))
        .status()).isEqualTo(200);
    Response refused = http.form("/oauth/v2/token", Http.basic(secret.getString("clientId"), "wrong"),
        Map.of("grant_type", "client_credentials", "scope", scope));
    assertThat(refused.status()).isEqualTo(400);
    String accessToken = token.json().getString("access_token");
    assertThat(http.form("/oauth/v2/introspect", introspector, Map.of("token", accessToken)).json()
        .getBoolean("active")).isTrue();
    assertThat(http.form("/oauth/v2/introspect", introspector, Map.of("token", "no-such-token")).json()
        .getBoolean("active")).isFalse();
    Scrape after = Scrape.of(gateway);

    assertThat(delta(before, after, "keygate_token_grants_total", Map.of("result", "issued"))).isEqualTo(2);
    assertThat(delta(before, after, "keygate_token_grants_total", Map.of("result", "refused"))).isEqualTo(1);
    assertThat(delta(before, after, "keygate_token_introspections_total", Map.of("result", "active")))
        .isEqualTo(1);
    assertThat(delta(before, after, "keygate_token_introspections_total", Map.of("result", "inactive")))
        .isEqualTo(1);
    assertThat(delta(before, after, "keygate_authentication_failures_total", Map.of("area", "oauth")))
        .isEqualTo(1);
    // the second grant found the machine user's verified secret in the cache
    assertThat(delta(before, after, "keygate_verification_cache_lookups_total", Map.of("result", "hit")))
        .isPositive();
    assertThat(delta(before, after, "keygate_verification_cache_lookups_total", Map.of("result", "miss")))
        .isPositive();
    assertThat(after.requests("oauth", "Token", "2xx") - before.requests("oauth", "Token", "2xx")).isEqualTo(2);
    assertThat(after.requests("oauth", "Introspect", "2xx") - before.requests("oauth", "Introspect", "2xx"))
        .isEqualTo(2);

    // what would identify a tenant or a credential is in no series
    for (String secretOrId : new String[] {acme.pat(), acme.instanceId(), acme.orgId(), project, user,
        secret.getString("clientSecret"), app.getString("clientSecret"), app.getString("clientId"), accessToken,
        "metered-bot", "introspector"}) {
      assertThat(after.text()).doesNotContain(secretOrId);
    }
  }

  @Test
  void appsReadByIdComeFromTheReadCacheUntilTheyChange() {
    String project = gateway.tenants().project(acme, "cached");
    JsonObject app = gateway.tenants().apiApp(acme, project, "read-twice");
    String path = "/management/v1/projects/" + project + "/apps/" + app.getString("appId");
    JsonObject first = readTwiceOnceFromTheStore(() -> http.get(path, acme.pat()).json());

    // a change made here is seen by the next read here at once: the cache was told before the write answered
    assertThat(http.post(path + "/api_config/_generate_client_secret", acme.pat(), new JsonObject()).status())
        .isEqualTo(200);
    Scrape changed = Scrape.of(gateway);
    assertThat(http.get(path, acme.pat()).json().getJsonObject("app").getJsonObject("details").getString("sequence"))
        .isNotEqualTo(first.getJsonObject("app").getJsonObject("details").getString("sequence"));
    assertThat(delta(changed, Scrape.of(gateway), "keygate_read_cache_lookups_total", Map.of("result", "miss")))
        .isEqualTo("postgres".equals(TestStore.kind()) ? 1 : 0);
  }

  @Test
  void usersReadByIdComeFromTheReadCacheUntilTheyChange() {
    String path = "/management/v1/users/" + gateway.tenants().machineUser(acme, "read-twice-bot");
    JsonObject first = readTwiceOnceFromTheStore(() -> http.get(path, acme.pat()).json());

    // a PAT moves the user's sequence: the next read shows it
    assertThat(http.post(path + "/pats", acme.pat(), new JsonObject()).status()).isEqualTo(200);
    assertThat(http.get(path, acme.pat()).json().getJsonObject("user").getJsonObject("details").getString("sequence"))
        .isNotEqualTo(first.getJsonObject("user").getJsonObject("details").getString("sequence"));
  }

  @Test
  void droplitClientsReadByIdComeFromTheReadCacheUntilTheyChange() {
    Map<String, String> account = Map.of("authorization", acme.pat());
    String ecosystem = http.send("POST", "/api/ecosystems", account, null, null).json().getString("id");
    String path = "/api/clients/" + http.send("POST", "/api/clients", account, "{\"ecosystemId\":\"" + ecosystem
        + "\",\"type\":\"server\",\"name\":\"first\"}", "application/json").json().getString("id");
    JsonObject first = readTwiceOnceFromTheStore(() -> http.send("GET", path, account, null, null).json());
    assertThat(first.getString("name")).isEqualTo("first");

    assertThat(http.send("PUT", path, account, "{\"name\":\"second\"}", "application/json").status())
        .isEqualTo(200);
    assertThat(http.send("GET", path, account, null, null).json().getString("name")).isEqualTo("second");
  }

  /**
   * Reads twice: the same answer, on PostgreSQL the first from the store (a miss), the second from the read cache (a
   * hit); the memory store has no read cache (it answers as fast as one), hence no series.
   */
  private JsonObject readTwiceOnceFromTheStore(Supplier<JsonObject> read) {
    Scrape before = Scrape.of(gateway);
    JsonObject first = read.get();
    assertThat(read.get()).isEqualTo(first);
    Scrape after = Scrape.of(gateway);
    if (!"postgres".equals(TestStore.kind())) {
      assertThat(after.has("keygate_read_cache_lookups_total")).as("a read cache on the memory store").isFalse();
      return first;
    }
    assertThat(delta(before, after, "keygate_read_cache_lookups_total", Map.of("result", "miss"))).isEqualTo(1);
    assertThat(delta(before, after, "keygate_read_cache_lookups_total", Map.of("result", "hit"))).isEqualTo(1);
    return first;
  }

  @Test
  void buildJvmEventLoopAndStoreSeriesAreThere() {
    // the event-loop probes run on their own timer, every EventLoopDelay.PERIOD_MS
    Scrape scrape = Poll.until(Duration.ofSeconds(30), () -> Scrape.of(gateway),
        probed -> probed.sum("keygate_event_loop_delay_seconds_count") > 0);

    assertThat(scrape.sum("keygate_build_info", Map.of("store", TestStore.kind()))).isEqualTo(1);
    assertThat(scrape.text()).containsPattern("keygate_build_info\\{[^}]*crypto=\"[^\"]+\"[^}]*version=\"[^\"]+\"");
    assertThat(scrape.sum("keygate_event_loop_delay_seconds_count")).isPositive();
    assertThat(scrape.sum("jvm_memory_used_bytes")).isPositive();
    assertThat(scrape.has("jvm_gc_pause_seconds_count") || scrape.has("jvm_gc_memory_allocated_bytes_total"))
        .isTrue();
    assertThat(scrape.has("keygate_store_errors_total")).isTrue();
    if ("postgres".equals(TestStore.kind())) {
      // the pool and the SQL calls, as Vert.x reports them
      assertThat(scrape.text()).contains("vertx_pool_");
      assertThat(scrape.sum("vertx_sql_processing_time_seconds_count")).isPositive();
    } else {
      assertThat(scrape.sum("keygate_store_capacity_bytes")).isPositive();
      assertThat(scrape.sum("keygate_store_used_bytes")).isPositive();
    }
  }

  private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
