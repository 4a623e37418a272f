package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.service.token.TokenGrants;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The token endpoint's answer is written by hand: it must be the JSON a JsonObject would have encoded. */
class TokenResponseTest {

  @Test
  void theAnswerIsRfc6749sJsonWithItsFieldsInOrder() {
    String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";
    String written = OAuthApi.tokenResponse(new TokenGrants.Issued(token, 43_200));
    assertThat(written).isEqualTo(new JsonObject().put("access_token", token).put("token_type", "Bearer")
        .put("expires_in", 43_200L).encode());
  }

  @Test
  void anyTokenTextIsEscaped() {
    String token = "a\"b\\c\u0001d\u00e9\u2028";
    JsonObject read = new JsonObject(OAuthApi.tokenResponse(new TokenGrants.Issued(token, 1)));
    assertThat(read.getString("access_token")).isEqualTo(token);
    assertThat(read.getLong("expires_in")).isEqualTo(1L);
    assertThat(read.fieldNames()).containsExactly("access_token", "token_type", "expires_in");
  }
}
