package dev.keygate.gateway.service.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.IdempotencyStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rules of Idempotency-Key on the store of the run, with a clock the test moves: leases, replays, expiry. */
@ExtendWith(TestStore.class)
class IdempotencyServiceTest {

  private static final IdempotentRequests.Scope ACME = new IdempotentRequests.Scope("acme", "owner");
  private static final byte[] REQUEST =
      "POST\n/management/v1/projects\n{\"name\":\"p\"}".getBytes(StandardCharsets.UTF_8);
  private static final IdempotentRequests.Answer ANSWER = new IdempotentRequests.Answer(200, "application/json",
      "{\"id\":\"1\",\"secret\":\"s3cr3t\"}".getBytes(StandardCharsets.UTF_8));

  /** A clock that stands still until the test moves it. */
  private static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final SecretGenerator random = new SecretGenerator();
  private final byte[] serverKey = random.bytes(32);

  private IdempotencyService service(IdempotencyStore store) {
    return new IdempotencyService(store, serverKey, random, clock, IdempotencyService.LEASE);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRefused(Runnable call, DomainError error) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class,
        e -> assertThat(e.error()).isEqualTo(error));
  }

  @Test
  void aRunningRequestHoldsItsKeyUntilItsLeaseLapses(IdempotencyStore store) {
    IdempotencyService idempotency = service(store);
    assertThat(await(idempotency.claim(ACME, "k", REQUEST))).isInstanceOf(IdempotentRequests.Lease.class);

    assertRefused(() -> await(idempotency.claim(ACME, "k", REQUEST)), DomainError.IDEMPOTENCY_KEY_IN_FLIGHT);
    clock.advance(IdempotencyService.LEASE.minusSeconds(1));
    assertRefused(() -> await(idempotency.claim(ACME, "k", REQUEST)), DomainError.IDEMPOTENCY_KEY_IN_FLIGHT);

    clock.advance(Duration.ofSeconds(2)); // the first gateway crashed: its lease lapsed, a retry runs
    IdempotentRequests.Claim retry = await(idempotency.claim(ACME, "k", REQUEST));
    assertThat(retry).isInstanceOf(IdempotentRequests.Lease.class);
  }

  @Test
  void aRememberedAnswerIsReplayedOnlyForTheSameRequestInTheSameScope(IdempotencyStore store) {
    IdempotencyService idempotency = service(store);
    IdempotentRequests.Lease lease = (IdempotentRequests.Lease) await(idempotency.claim(ACME, "k", REQUEST));
    await(lease.remember(ANSWER));

    IdempotentRequests.Claim replay = await(service(store).claim(ACME, "k", REQUEST)); // another gateway, same key
    assertThat(replay).isInstanceOfSatisfying(IdempotentRequests.Replay.class, r -> {
      assertThat(r.answer().status()).isEqualTo(200);
      assertThat(r.answer().contentType()).isEqualTo("application/json");
      assertThat(r.answer().body()).isEqualTo(ANSWER.body());
    });
    assertRefused(() -> await(idempotency.claim(ACME, "k", "POST\n/other\n{}".getBytes(StandardCharsets.UTF_8))),
        DomainError.IDEMPOTENCY_KEY_REUSED);
    assertThat(await(idempotency.claim(new IdempotentRequests.Scope("acme", "colleague"), "k", REQUEST)))
        .isInstanceOf(IdempotentRequests.Lease.class);
    assertThat(await(idempotency.claim(new IdempotentRequests.Scope("globex", "owner"), "k", REQUEST)))
        .isInstanceOf(IdempotentRequests.Lease.class);
  }

  @Test
  void aReleasedKeyRunsAgain(IdempotencyStore store) {
    IdempotencyService idempotency = service(store);
    IdempotentRequests.Lease lease = (IdempotentRequests.Lease) await(idempotency.claim(ACME, "k", REQUEST));
    await(lease.release());
    assertThat(await(idempotency.claim(ACME, "k", REQUEST))).isInstanceOf(IdempotentRequests.Lease.class);
  }

  @Test
  void answersExpireAfterADayAndAreDeleted(IdempotencyStore store) {
    IdempotencyService idempotency = service(store);
    IdempotentRequests.Lease lease = (IdempotentRequests.Lease) await(idempotency.claim(ACME, "k", REQUEST));
    await(lease.remember(ANSWER));

    clock.advance(IdempotencyService.KEPT.minusSeconds(1));
    assertThat(await(idempotency.sweep())).isZero();
    assertThat(await(idempotency.claim(ACME, "k", REQUEST))).isInstanceOf(IdempotentRequests.Replay.class);

    clock.advance(Duration.ofSeconds(1));
    assertThat(await(idempotency.sweep())).isEqualTo(1);
    assertThat(await(idempotency.claim(ACME, "k", REQUEST))).as("after a day the key is new again")
        .isInstanceOf(IdempotentRequests.Lease.class);
  }

  @Test
  void anAnswerSealedUnderAnotherServerKeyIsNotReplayed(IdempotencyStore store) {
    IdempotentRequests.Lease lease = (IdempotentRequests.Lease) await(service(store).claim(ACME, "k", REQUEST));
    await(lease.remember(ANSWER));
    IdempotencyService otherKey = new IdempotencyService(store, random.bytes(32), random, clock,
        IdempotencyService.LEASE);
    assertThat(await(otherKey.claim(ACME, "k", REQUEST))).as("another server key derives another lookup id")
        .isInstanceOf(IdempotentRequests.Lease.class);
  }
}
