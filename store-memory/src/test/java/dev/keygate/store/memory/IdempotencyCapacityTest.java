package dev.keygate.store.memory;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Idempotency records count against the memory store's capacity, and give their bytes back when they go. */
class IdempotencyCapacityTest {

  private static final Instant NOW = Instant.now();

  private static IdempotencyRecord pending(String id) {
    return new IdempotencyRecord(id, "i", "hash", "lease", NOW.plusSeconds(30), null, NOW.plusSeconds(86_400));
  }

  @Test
  void recordsAndTheirAnswersAreCountedAndGivenBackAtExpiry() {
    KeygateStore store = MemoryStore.create(1 << 20);
    long empty = store.usage().usedBytes();
    await(store.idempotency().claimIdempotencyKey(pending("a"), NOW));
    await(store.idempotency().completeIdempotencyKey("a", "lease", new byte[1000]));
    assertThat(store.usage().usedBytes() - empty).isEqualTo(Weights.IDEMPOTENCY_RECORD + 1000);

    await(store.idempotency().claimIdempotencyKey(pending("b"), NOW));
    await(store.idempotency().releaseIdempotencyKey("b", "lease"));
    assertThat(store.usage().usedBytes() - empty).isEqualTo(Weights.IDEMPOTENCY_RECORD + 1000);

    assertThat(await(store.idempotency().removeExpiredIdempotencyKeys(NOW.plusSeconds(86_400)))).isEqualTo(1);
    assertThat(store.usage().usedBytes()).isEqualTo(empty);
  }

  @Test
  void aFullStoreRefusesNewClaims() {
    KeygateStore store = MemoryStore.create(10_000);
    StoreException refused = null;
    int i = 0;
    for (; i < 1000 && refused == null; i++) {
      try {
        await(store.idempotency().claimIdempotencyKey(pending("k" + i), NOW));
      } catch (StoreException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.kind()).isEqualTo(StoreException.Kind.RESOURCE_EXHAUSTED);
    assertThat(refused.entity()).isEqualTo(StoreException.Entity.IDEMPOTENCY_KEY);
    assertThat(i).isGreaterThan(5);
    assertThat(store.usage().usedBytes()).isLessThanOrEqualTo(10_000);
    String last = "k" + (i - 1);
    assertThatThrownBy(() -> await(store.idempotency().claimIdempotencyKey(pending(last), NOW)))
        .isInstanceOf(StoreException.class);
    assertThat(await(store.idempotency().idempotencyRecord(last))).isEmpty();
  }
}
