package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Idempotency records: atomic claims, leases, answers, release and expiry. Every store's test classes implement it. */
public interface IdempotencyStoreContract extends StoreContract {

  Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  Duration LEASE = Duration.ofSeconds(30);
  Duration KEPT = Duration.ofHours(24);

  private static IdempotencyRecord pending(String id, String requestHash, String leaseId, Instant at) {
    return new IdempotencyRecord(id, "instance-1", requestHash, leaseId, at.plus(LEASE), null, at.plus(KEPT));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  default void aClaimedKeyIsHeldThenAnsweredThenReplayed() {
    String id = nextId();
    assertThat(await(idempotency().claimIdempotencyKey(pending(id, "h1", "lease-1", T0), T0))).isEmpty();

    Optional<IdempotencyRecord> running = await(idempotency().claimIdempotencyKey(pending(id, "h1", "lease-2", T0),
        T0));
    assertThat(running).get().satisfies(r -> {
      assertThat(r.pending()).isTrue();
      assertThat(r.leaseId()).isEqualTo("lease-1");
      assertThat(r.requestHash()).isEqualTo("h1");
    });

    assertThat(await(idempotency().completeIdempotencyKey(id, "lease-1", bytes("sealed answer")))).isTrue();
    Optional<IdempotencyRecord> answered = await(idempotency().claimIdempotencyKey(pending(id, "h1", "lease-3",
        T0.plusSeconds(3600)), T0.plusSeconds(3600)));
    assertThat(answered).get().satisfies(r -> {
      assertThat(r.pending()).isFalse();
      assertThat(r.answer()).isEqualTo(bytes("sealed answer"));
      assertThat(r.expiresAt()).isEqualTo(T0.plus(KEPT));
    });
    assertThat(await(idempotency().idempotencyRecord(id))).get().extracting(IdempotencyRecord::answer)
        .isEqualTo(bytes("sealed answer"));
  }

  @Test
  default void aLapsedLeaseIsTakenOverAndItsHolderCannotAnswerAnyMore() {
    String id = nextId();
    await(idempotency().claimIdempotencyKey(pending(id, "h1", "crashed", T0), T0));
    Instant later = T0.plus(LEASE).plusSeconds(1);

    assertThat(await(idempotency().claimIdempotencyKey(pending(id, "h1", "retry", later), later))).isEmpty();
    assertThat(await(idempotency().completeIdempotencyKey(id, "crashed", bytes("late")))).isFalse();
    assertThat(await(idempotency().completeIdempotencyKey(id, "retry", bytes("first")))).isTrue();
    assertThat(await(idempotency().completeIdempotencyKey(id, "retry", bytes("again")))).isFalse();
    assertThat(await(idempotency().idempotencyRecord(id))).get().extracting(IdempotencyRecord::answer)
        .isEqualTo(bytes("first"));
  }

  @Test
  default void onlyTheLeaseHolderReleasesAPendingKey() {
    String id = nextId();
    await(idempotency().claimIdempotencyKey(pending(id, "h1", "mine", T0), T0));
    await(idempotency().releaseIdempotencyKey(id, "not-mine"));
    assertThat(await(idempotency().idempotencyRecord(id))).isPresent();

    await(idempotency().releaseIdempotencyKey(id, "mine"));
    assertThat(await(idempotency().idempotencyRecord(id))).isEmpty();
    assertThat(await(idempotency().completeIdempotencyKey(id, "mine", bytes("after release")))).isFalse();
    assertThat(await(idempotency().claimIdempotencyKey(pending(id, "h2", "next", T0), T0))).isEmpty();
  }

  @Test
  default void anAnsweredKeyIsNotReleased() {
    String id = nextId();
    await(idempotency().claimIdempotencyKey(pending(id, "h1", "mine", T0), T0));
    await(idempotency().completeIdempotencyKey(id, "mine", bytes("answer")));
    await(idempotency().releaseIdempotencyKey(id, "mine"));
    assertThat(await(idempotency().idempotencyRecord(id))).isPresent();
  }

  @Test
  default void expiredRecordsAreDeletedAndNoLongerBindTheirKey() {
    String kept = nextId();
    String expiring = nextId();
    await(idempotency().claimIdempotencyKey(pending(expiring, "h1", "a", T0), T0));
    await(idempotency().completeIdempotencyKey(expiring, "a", bytes("answer")));
    Instant later = T0.plusSeconds(3600);
    await(idempotency().claimIdempotencyKey(pending(kept, "h1", "b", later), later));
    await(idempotency().completeIdempotencyKey(kept, "b", bytes("answer")));

    Instant expired = T0.plus(KEPT);
    assertThat(await(idempotency().removeExpiredIdempotencyKeys(expired))).isGreaterThanOrEqualTo(1L);
    assertThat(await(idempotency().idempotencyRecord(expiring))).isEmpty();
    assertThat(await(idempotency().idempotencyRecord(kept))).isPresent();

    Instant afterKept = later.plus(KEPT).plusSeconds(1);
    assertThat(await(idempotency().claimIdempotencyKey(pending(kept, "h2", "c", afterKept), afterKept))).isEmpty();
    assertThat(await(idempotency().idempotencyRecord(kept))).get().satisfies(r -> {
      assertThat(r.pending()).isTrue();
      assertThat(r.requestHash()).isEqualTo("h2");
    });
  }

  @Test
  default void ofConcurrentClaimsOfOneKeyExactlyOneWins() {
    String id = nextId();
    List<Future<Optional<IdempotencyRecord>>> claims = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      claims.add(idempotency().claimIdempotencyKey(pending(id, "h1", "lease-" + i, T0), T0));
    }
    long won = claims.stream().map(StoreFixtures::await).filter(Optional::isEmpty).count();
    assertThat(won).isEqualTo(1);
  }
}
