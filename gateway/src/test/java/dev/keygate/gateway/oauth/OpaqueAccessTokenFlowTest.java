package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OAuth flows for machine users with ZITADEL's default access token type, {@code ACCESS_TOKEN_TYPE_BEARER}:
 * opaque tokens, which only Keygate can read and nobody can alter.
 */
class OpaqueAccessTokenFlowTest extends OAuthFlows {

  @Override
  String accessTokenType() {
    return "ACCESS_TOKEN_TYPE_BEARER";
  }

  @Override
  void assertFormat(String accessToken, String userId) {
    assertThat(accessToken).doesNotContain(".").hasSizeGreaterThanOrEqualTo(100).matches("[A-Za-z0-9_-]+");
    String decoded = new String(Base64.getUrlDecoder().decode(accessToken), StandardCharsets.ISO_8859_1);
    assertThat(decoded).as("the claims are sealed, not readable").doesNotContain(userId).doesNotContain("\"sub\"");
  }

  @Test
  void aMachineUserWithoutATypeGetsOpaqueTokens() {
    String userId = gateway.tenants().machineUser(acme, "untyped");
    http.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", userId)
        .put("roles", new JsonArray().add("ORG_OWNER")));
    Response secret = http.put("/management/v1/users/" + userId + "/secret", acme.pat(), new JsonObject());
    JsonObject machine = secret.json().put("userId", userId);

    String token = accessToken(machine, "openid");

    assertFormat(token, userId);
    assertThat(http.post("/management/v1/projects/_search", token, new JsonObject()).status()).isEqualTo(200);
  }

  @Test
  void anAlteredOrTruncatedTokenIsNobodysToken() {
    JsonObject machine = machineWithSecret(acme, "tamper-target");
    String projectId = gateway.tenants().project(acme, "tamper");
    JsonObject app = gateway.tenants().apiApp(acme, projectId, "tamper-rs");
    Map<String, String> appAuth = Http.basic(app.getString("clientId"), app.getString("clientSecret"));
    String token = accessToken(machine, projectAudience(projectId));
    assertThat(introspect(appAuth, Map.of(), token).json().getBoolean("active")).isTrue();

    char middle = token.charAt(token.length() / 2);
    String altered = token.substring(0, token.length() / 2) + (middle == 'A' ? 'B' : 'A')
        + token.substring(token.length() / 2 + 1);
    String truncated = token.substring(0, token.length() - 4);
    for (String bad : new String[] {altered, truncated, token + "AAAA"}) {
      assertThat(introspect(appAuth, Map.of(), bad).json()).isEqualTo(new JsonObject().put("active", false));
      assertThat(http.post("/management/v1/projects/_search", bad, new JsonObject()).status()).isEqualTo(401);
    }
  }

  @Test
  void removingTheUserKillsItsTokens() {
    JsonObject machine = machineWithSecret(acme, "short-lived-user");
    String token = accessToken(machine, "openid");
    assertThat(http.post("/management/v1/projects/_search", token, new JsonObject()).status()).isEqualTo(200);

    assertThat(http.delete("/management/v1/users/" + machine.getString("userId"), acme.pat()).status())
        .isEqualTo(200);

    assertThat(http.post("/management/v1/projects/_search", token, new JsonObject()).status()).isEqualTo(401);
  }
}
