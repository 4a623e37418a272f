package dev.keygate.gateway.service.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.testing.TestClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified system users' tokens: one signature check per token, never a use past its {@code exp},
 * whatever the cache's own expiry; and keys that are not RSA public keys stop the start, naming their user.
 */
class SystemUserTokensTest {

  private static final String ISSUER = "http://keygate.example:8080";
  private static final TestRsaKeys.Key KEY = TestRsaKeys.generate("sys-1");

  private final TestClock clock = new TestClock();
  private final SystemUserTokens tokens = SystemUserTokens.of(Map.of("sys-1", KEY.publicKeyPem()), clock);

  private String token(long lifetime) {
    long now = clock.instant().getEpochSecond();
    return KEY.withHeader(new JsonObject().put("alg", "RS256"), new JsonObject().put("iss", "sys-1")
        .put("sub", "sys-1").put("aud", ISSUER).put("iat", now).put("exp", now + lifetime));
  }

  @Test
  void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
    String token = token(600);

    assertThat(tokens.verify(token, ISSUER)).isTrue();
    assertThat(tokens.verify(token, ISSUER)).isTrue();
    assertThat(tokens.cachedTokens()).isEqualTo(1);
    // only verified tokens are kept: a forged one costs its check every time and takes no room
    int signature = token.lastIndexOf('.') + 1;
    String forged = token.substring(0, signature) + TestRsaKeys.flipFirstCharacter(token.substring(signature));
    assertThat(tokens.verify(forged, ISSUER)).isFalse();
    assertThat(tokens.cachedTokens()).isEqualTo(1);
  }

  @Test
  void aCachedTokenIsRefusedFromItsExpiryOn() {
    String token = token(60);
    assertThat(tokens.verify(token, ISSUER)).isTrue();

    clock.advance(Duration.ofSeconds(59));
    assertThat(tokens.verify(token, ISSUER)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.verify(token, ISSUER)).isFalse();
    assertThat(tokens.cachedTokens()).isZero();
  }

  @Test
  void aCachedTokenStillNamesItsAudience() {
    String token = token(600);
    assertThat(tokens.verify(token, ISSUER)).isTrue();
    assertThat(tokens.verify(token, "http://elsewhere.example")).isFalse();
  }

  @Test
  void aKeyThatIsNoRsaPublicKeyNamesItsUser() {
    assertThatThrownBy(() -> SystemUserTokens.of(Map.of("sys-broken", "-----BEGIN PUBLIC KEY-----\nAAAA\n"
        + "-----END PUBLIC KEY-----\n"), clock)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system user 'sys-broken'").hasMessageContaining("RSA public key");
  }

  @Test
  void noUsersMeansOnlyTheStaticToken() {
    assertThat(SystemUserTokens.of(Map.of(), clock).isEmpty()).isTrue();
    assertThat(tokens.isEmpty()).isFalse();
  }
}
