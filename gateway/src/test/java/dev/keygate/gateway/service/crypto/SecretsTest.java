package dev.keygate.gateway.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private final SecretGenerator generator = new SecretGenerator();

  @Test
  void secretsAreSixtyFourAlphanumericCharacters() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String secret = generator.secret();
      assertThat(secret).matches("[A-Za-z0-9]{64}");
      seen.add(secret);
    }
    assertThat(seen).hasSize(1000);
  }

  /**
   * 64,000 draws over 62 symbols: each should appear about 1032 times. Unlike ZITADEL's generator, '9' appears, and
   * a modulo bias (the first 8 symbols drawn 5/4 as often) would push 'A'..'H' far above the others.
   */
  @Test
  void everyCharacterIsEquallyLikely() {
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      for (char c : generator.secret().toCharArray()) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    assertThat(counts).hasSize(62).containsKey('9');
    double expected = 64_000 / 62.0;
    double chiSquare = counts.values().stream().mapToDouble(n -> (n - expected) * (n - expected) / expected).sum();
    // 61 degrees of freedom: p = 0.0001 at about 113. A bias of 25% on 8 symbols gives a chi-square above 500.
    assertThat(chiSquare).isLessThan(113);
  }

  @Test
  void tokensAreUrlSafeAndUnique() {
    assertThat(generator.token()).matches("[A-Za-z0-9_-]{43}");
    assertThat(generator.token()).isNotEqualTo(generator.token());
    assertThat(generator.lowerAlphanumeric(6)).matches("[a-z0-9]{6}");
  }

  @Test
  void hashesMatchOnlyTheirSecretAndDependOnThePepper() {
    SecretHasher hasher = new SecretHasher(new byte[] {1, 2, 3, 4});
    SecretHasher other = new SecretHasher(new byte[] {9, 9, 9, 9});
    String secret = generator.secret();
    String hash = hasher.hash(secret);

    assertThat(hash).doesNotContain(secret).isEqualTo(hasher.hash(secret));
    assertThat(hasher.matches(secret, hash)).isTrue();
    assertThat(hasher.matches(secret + "x", hash)).isFalse();
    assertThat(hasher.matches(null, hash)).isFalse();
    assertThat(other.hash(secret)).isNotEqualTo(hash);
  }
}
