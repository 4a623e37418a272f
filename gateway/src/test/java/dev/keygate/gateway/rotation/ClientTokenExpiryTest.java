package dev.keygate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Droplit client tokens with Keygate's {@code expiresAt}: a token works until then and not after; one in the past
 * is refused; the token list shows each token's expiry and last use; tokens without it behave as Droplit's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
class ClientTokenExpiryTest {

  private final TestClock clock = new TestClock();
  private TestGateway gateway;
  private Http http;
  private Tenants.Tenant tenant;
  private String ecosystem;

  @BeforeAll
  void start() {
    // no periodic flush within the test: it flushes the last uses when it reads them
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 3_600_000), clock);
    http = gateway.http();
    tenant = gateway.tenants().create("droplit-expiry");
    ecosystem = call("POST", "/api/ecosystems", tenant.pat(), null).json().getString("id");
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private Response call(String method, String path, String token, JsonObject body) {
    return http.send(method, path, Map.of("authorization", token), body == null ? null : body.encode(),
        body == null ? null : "application/json");
  }

  private String serverClient() {
    return call("POST", "/api/clients", tenant.pat(), new JsonObject().put("ecosystemId", ecosystem)
        .put("type", "server")).json().getString("id");
  }

  private int listClients(String token) {
    return call("GET", "/api/clients?ecosystemId=" + ecosystem, token, null).status();
  }

  @Test
  void aTokenWithAnExpiryWorksUntilThenAndNotAfter() {
    String client = serverClient();
    Instant expiresAt = clock.instant().plusMillis(1500);
    Response created = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(),
        new JsonObject().put("expiresAt", expiresAt.toString()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(Instant.parse(created.json().getString("expiresAt"))).isEqualTo(expiresAt.truncatedTo(
        ChronoUnit.MILLIS));
    String token = created.json().getString("token");
    String forever = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(), null).json().getString("token");

    assertThat(listClients(token)).isEqualTo(200);
    clock.advance(Duration.ofMillis(1499));
    assertThat(listClients(token)).as("a millisecond before its expiry").isEqualTo(200);
    clock.advance(Duration.ofMillis(1));
    assertThat(listClients(token)).isEqualTo(401);
    assertThat(listClients(forever)).isEqualTo(200);
  }

  @Test
  void anExpiryInThePastOrNotATimeIsRefused() {
    String client = serverClient();
    Response past = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(),
        new JsonObject().put("expiresAt", "2020-01-01T00:00:00Z"));
    Response garbage = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(),
        new JsonObject().put("expiresAt", "tomorrow"));

    for (Response refused : new Response[] {past, garbage}) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.json().getString("message")).isEqualTo("Token Expiry Invalid");
    }
    JsonArray tokens = call("GET", "/api/clients/" + client + "/tokens", tenant.pat(), null).json()
        .getJsonArray("items");
    assertThat(tokens).isEmpty();
  }

  @Test
  void theTokenListShowsExpiryAndLastUse() {
    String client = serverClient();
    Instant expiresAt = clock.instant().plusSeconds(3600);
    String used = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(),
        new JsonObject().put("expiresAt", expiresAt.toString()).put("description", "used")).json().getString("token");
    call("POST", "/api/clients/" + client + "/tokens", tenant.pat(), new JsonObject().put("description", "idle"));
    Instant usedAt = clock.instant();
    assertThat(listClients(used)).isEqualTo(200);
    gateway.flushLastUses();

    JsonObject usedItem = null;
    JsonObject idleItem = null;
    for (Object item : call("GET", "/api/clients/" + client + "/tokens", tenant.pat(), null).json()
        .getJsonArray("items")) {
      JsonObject token = (JsonObject) item;
      if ("used".equals(token.getString("description"))) {
        usedItem = token;
      } else {
        idleItem = token;
      }
    }
    assertThat(usedItem).isNotNull();
    assertThat(usedItem.getString("lastUsedAt")).as("%s", usedItem).isNotNull();
    assertThat(Instant.parse(usedItem.getString("lastUsedAt"))).isEqualTo(usedAt);
    assertThat(usedItem.getString("expiresAt")).isNotNull();
    assertThat(idleItem.getMap()).doesNotContainKeys("lastUsedAt", "expiresAt", "token");
  }
}
