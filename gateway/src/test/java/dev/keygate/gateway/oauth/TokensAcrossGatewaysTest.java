package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.KeygateStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two gateways on one store, as two processes on one database: an access token of either format that one issued is
 * good at the other (the keys that seal and sign are shared through the store), and revoking it at one kills it at
 * the other within a second.
 */
@EveryStore
class TokensAcrossGatewaysTest {

  private static final Map<String, String> GRANT = Map.of("grant_type", "client_credentials", "scope", "openid");

  @ParameterizedTest
  @ValueSource(strings = {"ACCESS_TOKEN_TYPE_BEARER", "ACCESS_TOKEN_TYPE_JWT"})
  void aTokenOfOneGatewayWorksAtTheOtherUntilRevokedThere(String accessTokenType, KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    try (TestGateway first = TestGateway.start(store, new JsonObject());
         TestGateway second = TestGateway.start(store, new JsonObject())) {
      Tenants.Tenant tenant = first.tenants().create("shared");
      String robot = first.tenants().machineUser(tenant, "robot", accessTokenType);
      first.http().post("/management/v1/orgs/me/members", tenant.pat(), new JsonObject().put("userId", robot)
          .put("roles", new JsonArray().add("ORG_OWNER")));
      JsonObject secret = first.http().put("/management/v1/users/" + robot + "/secret", tenant.pat(),
          new JsonObject()).json();
      Map<String, String> credentials = Http.basic(secret.getString("clientId"), secret.getString("clientSecret"));
      String token = first.http().form("/oauth/v2/token", credentials, GRANT).json().getString("access_token");

      assertThat(second.http().get("/management/v1/users/" + robot, token).status()).isEqualTo(200);
      assertThat(first.http().get("/management/v1/users/" + robot, token).status()).isEqualTo(200);

      assertThat(second.http().form("/oauth/v2/revoke", credentials, Map.of("token", token)).status())
          .isEqualTo(200);
      long revoked = System.nanoTime();
      int status;
      do {
        status = first.http().get("/management/v1/users/" + robot, token).status();
      } while (status == 200 && System.nanoTime() - revoked < 3_000_000_000L);

      assertThat(status).isEqualTo(401);
      assertThat((System.nanoTime() - revoked) / 1_000_000).as("ms until the other gateway refused the token")
          .isLessThan(1_000);
    }
  }
}
