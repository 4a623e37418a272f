package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The OAuth flows for machine users whose access tokens are ES256 JWTs ({@code ACCESS_TOKEN_TYPE_JWT}). */
class JwtAccessTokenFlowTest extends OAuthFlows {

  @Override
  String accessTokenType() {
    return "ACCESS_TOKEN_TYPE_JWT";
  }

  @Override
  void assertFormat(String accessToken, String userId) {
    assertThat(Jwts.header(accessToken).getString("alg")).isEqualTo("ES256");
    assertThat(Jwts.claims(accessToken).getString("sub")).isEqualTo(userId);
  }

  @Test
  void tokensVerifyWithThePublishedKeysAndDiscoveryNamesTheEndpoints() {
    JsonObject machine = machineWithSecret(acme, "robot-11");
    String token = accessToken(machine, "openid");
    Response jwks = http.get("/oauth/v2/keys", null);
    assertThat(jwks.status()).isEqualTo(200);
    String kid = Jwts.header(token).getString("kid");
    JsonObject jwk = jwks.json().getJsonArray("keys").stream().map(JsonObject.class::cast)
        .filter(k -> kid.equals(k.getString("kid"))).findFirst().orElseThrow();
    assertThat(Jwts.es256Verifies(token, jwk)).isTrue();
    assertThat(Jwts.header(token).getString("alg")).isEqualTo("ES256");

    Response discovery = http.get("/.well-known/openid-configuration", null);
    assertThat(discovery.status()).isEqualTo(200);
    assertThat(discovery.json().getString("issuer")).isEqualTo(http.base());
    assertThat(discovery.json().getString("token_endpoint")).isEqualTo(http.base() + "/oauth/v2/token");
    assertThat(discovery.json().getString("jwks_uri")).isEqualTo(http.base() + "/oauth/v2/keys");
  }
}
