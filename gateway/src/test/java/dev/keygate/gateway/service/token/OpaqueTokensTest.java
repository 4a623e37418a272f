package dev.keygate.gateway.service.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.service.crypto.SecretGenerator;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sealed opaque tokens: only the key that sealed one opens it, and no change to a token goes unnoticed. */
class OpaqueTokensTest {

  private final SecretGenerator random = new SecretGenerator();
  private final OpaqueTokens tokens = new OpaqueTokens(random.bytes(32), random);
  private final JsonObject claims = new JsonObject().put("sub", "123").put("jti", "456").put("exp", 99L)
      .put("scope", "openid urn:zitadel:iam:org:project:id:789:aud");

  @Test
  void aSealedTokenOpensToItsClaimsAndHasTheOpaqueShape() {
    String token = tokens.seal(claims);

    assertThat(OpaqueTokens.looksOpaque(token)).isTrue();
    assertThat(token).doesNotContain(".").doesNotContain("=");
    assertThat(tokens.open(token)).isEqualTo(claims);
  }

  @Test
  void everyTokenDiffersEvenForTheSameClaims() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(tokens.seal(claims))).isTrue();
    }
  }

  @Test
  void anotherKeyOrAnyChangedCharacterOpensNothing() {
    String token = tokens.seal(claims);
    OpaqueTokens other = new OpaqueTokens(random.bytes(32), random);
    assertThat(other.open(token)).isNull();

    byte[] original = Base64.getUrlDecoder().decode(token);
    for (int i = 0; i < token.length(); i++) {
      char replaced = token.charAt(i) == 'A' ? 'B' : 'A';
      String changed = token.substring(0, i) + replaced + token.substring(i + 1);
      if (Arrays.equals(Base64.getUrlDecoder().decode(changed), original)) {
        continue; // the last character's unused low bits: the same bytes, so the same token
      }
      assertThat(tokens.open(changed)).as("changed at %d", i).isNull();
    }
    assertThat(tokens.open(token.substring(0, token.length() - 1))).isNull();
    assertThat(tokens.open(token + "A")).isNull();
  }

  @Test
  void shapesThatAreNotOursAreNotEvenTried() {
    assertThat(OpaqueTokens.looksOpaque(random.token())).as("a PAT").isFalse();
    assertThat(OpaqueTokens.looksOpaque("a.b.c" + "x".repeat(200))).as("a JWT").isFalse();
    assertThat(tokens.open("x".repeat(5000))).isNull();
    assertThat(tokens.open("!".repeat(200))).isNull();
  }
}
