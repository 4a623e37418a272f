package dev.keygate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
class ClientTokenExpiryTest {

  private TestGateway gateway;
  private Http http;
  private Tenants.Tenant tenant;
  private String ecosystem;

  @BeforeAll
  void start() {
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 50));
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
    Instant expiresAt = Instant.now().plusMillis(1500);
    Response created = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(),
        new JsonObject().put("expiresAt", expiresAt.toString()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(Instant.parse(created.json().getString("expiresAt"))).isEqualTo(expiresAt.truncatedTo(
        ChronoUnit.MILLIS));
    String token = created.json().getString("token");
    String forever = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(), null).json().getString("token");

    assertThat(listClients(token)).isEqualTo(200);
    while (Instant.now().isBefore(expiresAt)) {
      RotationFixture.sleep(50);
    }
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
    Instant expiresAt = Instant.now().plusSeconds(3600);
    String used = call("POST", "/api/clients/" + client + "/tokens", tenant.pat(),
        new JsonObject().put("expiresAt", expiresAt.toString()).put("description", "used")).json().getString("token");
    call("POST", "/api/clients/" + client + "/tokens", tenant.pat(), new JsonObject().put("description", "idle"));
    Instant before = Instant.now().minusSeconds(1);
    assertThat(listClients(used)).isEqualTo(200);

    JsonObject usedItem = null;
    JsonObject idleItem = null;
    for (int i = 0; i < 100 && (usedItem == null || !usedItem.containsKey("lastUsedAt")); i++) {
      RotationFixture.sleep(50);
      for (Object item : call("GET", "/api/clients/" + client + "/tokens", tenant.pat(), null).json()
          .getJsonArray("items")) {
        JsonObject token = (JsonObject) item;
        if ("used".equals(token.getString("description"))) {
          usedItem = token;
        } else {
          idleItem = token;
        }
      }
    }
    assertThat(usedItem).isNotNull();
    assertThat(Instant.parse(usedItem.getString("lastUsedAt"))).isAfter(before);
    assertThat(usedItem.getString("expiresAt")).isNotNull();
    assertThat(idleItem.getMap()).doesNotContainKeys("lastUsedAt", "expiresAt", "token");
  }
}
