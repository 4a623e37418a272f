package dev.keygate.gateway.service.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The derivation and sealing of remembered answers: only the same key in the same scope opens an answer. */
class IdempotencySealTest {

  private final SecretGenerator random = new SecretGenerator();
  private final IdempotencySeal seal = new IdempotencySeal(random.bytes(32), random);
  private final IdempotentRequests.Scope scope = new IdempotentRequests.Scope("tenant", "principal");
  private final IdempotentRequests.Answer answer = new IdempotentRequests.Answer(201, "application/json",
      "{\"token\":\"the-secret-token\"}".getBytes(StandardCharsets.UTF_8));

  @Test
  void anAnswerOpensWithItsOwnKeysOnly() {
    IdempotencySeal.Keys keys = seal.derive(scope, "key-1");
    byte[] sealed = seal.seal(keys, answer);

    IdempotentRequests.Answer opened = seal.open(seal.derive(scope, "key-1"), sealed);
    assertThat(opened.status()).isEqualTo(201);
    assertThat(opened.contentType()).isEqualTo("application/json");
    assertThat(opened.body()).isEqualTo(answer.body());
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("the-secret-token");

    assertThat(seal.open(seal.derive(scope, "key-2"), sealed)).isNull();
    assertThat(seal.open(seal.derive(new IdempotentRequests.Scope("tenant", "other"), "key-1"), sealed)).isNull();
    for (int i = 0; i < sealed.length; i += 7) {
      byte[] altered = sealed.clone();
      altered[i] ^= 1;
      assertThat(seal.open(keys, altered)).as("byte %d altered", i).isNull();
    }
    assertThat(seal.open(keys, Arrays.copyOf(sealed, 20))).isNull();
  }

  @Test
  void lookupIdsAndFingerprintsDependOnScopeKeyAndServerKey() {
    IdempotencySeal.Keys keys = seal.derive(scope, "key-1");
    assertThat(keys.lookupId()).isEqualTo(seal.derive(scope, "key-1").lookupId()).doesNotContain("key-1");
    assertThat(keys.lookupId()).isNotEqualTo(seal.derive(scope, "key-2").lookupId())
        .isNotEqualTo(seal.derive(new IdempotentRequests.Scope("tenantp", "rincipal"), "key-1").lookupId())
        .isNotEqualTo(new IdempotencySeal(random.bytes(32), random).derive(scope, "key-1").lookupId());
    byte[] request = "POST\n/p\n{}".getBytes(StandardCharsets.UTF_8);
    assertThat(seal.fingerprint(keys, request)).isEqualTo(seal.fingerprint(seal.derive(scope, "key-1"), request))
        .isNotEqualTo(seal.fingerprint(keys, "POST\n/p\n{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everySealDiffersEvenForTheSameAnswer() {
    IdempotencySeal.Keys keys = seal.derive(scope, "key-1");
    assertThat(seal.seal(keys, answer)).isNotEqualTo(seal.seal(keys, answer));
  }
}
