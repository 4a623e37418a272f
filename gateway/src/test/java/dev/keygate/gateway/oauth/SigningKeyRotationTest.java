package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.KeygateStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rotating the signing key by configuration keeps tokens signed by the previous key valid until it is dropped. */
@EveryStore
class SigningKeyRotationTest {

  private static final Map<String, String> GRANT = Map.of("grant_type", "client_credentials", "scope", "openid");

  private static JsonObject keys(String current, String previous) {
    return new JsonObject().put(KeygateConfig.SIGNING_KEY_ID, current)
        .put(KeygateConfig.SIGNING_KEY_PREVIOUS_IDS, previous);
  }

  @Test
  void tokensOfThePreviousKeyStayValidAfterARotationUntilTheKeyIsDropped(KeygateStore database) {
    KeygateStore store = TestStore.outliving(database); // outlives the gateways, as a database would
    Tenants.Tenant tenant;
    Map<String, String> robot;
    String oldToken;
    try (TestGateway before = TestGateway.start(store, keys("k1", ""))) {
      tenant = before.tenants().create("rotating");
      String machine = before.tenants().machineUser(tenant, "rotator", "ACCESS_TOKEN_TYPE_JWT");
      before.http().post("/management/v1/orgs/me/members", tenant.pat(), new JsonObject().put("userId", machine)
          .put("roles", new JsonArray().add("ORG_OWNER")));
      JsonObject secret = before.http().put("/management/v1/users/" + machine + "/secret", tenant.pat(),
          new JsonObject()).json();
      robot = Http.basic(secret.getString("clientId"), secret.getString("clientSecret"));
      oldToken = before.http().form("/oauth/v2/token", robot, GRANT).json().getString("access_token");
      assertThat(Jwts.header(oldToken).getString("kid")).isEqualTo("k1");
    }

    try (TestGateway rotated = TestGateway.start(store, keys("k2", "k1"))) {
      assertThat(rotated.http().post("/management/v1/projects/_search", oldToken, new JsonObject()).status())
          .isEqualTo(200);
      String newToken = rotated.http().form("/oauth/v2/token", robot, GRANT).json().getString("access_token");
      assertThat(Jwts.header(newToken).getString("kid")).isEqualTo("k2");
      assertThat(rotated.http().get("/oauth/v2/keys", null).json().getJsonArray("keys").stream()
          .map(k -> ((JsonObject) k).getString("kid"))).containsExactlyInAnyOrder("k1", "k2");
    }

    try (TestGateway dropped = TestGateway.start(store, keys("k2", ""))) {
      assertThat(dropped.http().post("/management/v1/projects/_search", oldToken, new JsonObject()).status())
          .isEqualTo(401);
    }
  }
}
