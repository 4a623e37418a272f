package dev.keygate.gateway.service.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.store.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rules of Idempotency-Key on the store of the run, with a clock the test moves: leases, replays, expiry. */
@EveryStore
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class IdempotencyServiceTest {

  private static final IdempotentRequests.Scope ACME = new IdempotentRequests.Scope("acme", "owner");
  private static final byte[] REQUEST =
      "POST\n/management/v1/projects\n{\"name\":\"p\"}".getBytes(StandardCharsets.UTF_8);
  private static final IdempotentRequests.Answer ANSWER = new IdempotentRequests.Answer(200, "application/json",
      "{\"id\":\"1\",\"secret\":\"s3cr3t\"}".getBytes(StandardCharsets.UTF_8));

  private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final SecretGenerator random = new SecretGenerator();
  private final byte[] serverKey = random.bytes(32);

  private IdempotencyService service(IdempotencyStore store) {
    return new IdempotencyService(store, serverKey, random, clock, IdempotencyService.LEASE);
  }

  /** Succeeds when {@code claim} is a lease. */
  private static Future<IdempotentRequests.Lease> lease(Future<IdempotentRequests.Claim> claim) {
    return claim.map(answer -> {
      assertThat(answer).isInstanceOf(IdempotentRequests.Lease.class);
      return (IdempotentRequests.Lease) answer;
    });
  }

  /** Succeeds when {@code claim} is a replay. */
  private static Future<IdempotentRequests.Replay> replay(Future<IdempotentRequests.Claim> claim) {
    return claim.map(answer -> {
      assertThat(answer).isInstanceOf(IdempotentRequests.Replay.class);
      return (IdempotentRequests.Replay) answer;
    });
  }

  /** Succeeds when {@code claim} is refused with {@code error}. */
  private static Future<Void> refused(Future<IdempotentRequests.Claim> claim, DomainError error) {
    return claim.transform(answer -> {
      assertThat(answer.failed()).as("refused with %s, not %s", error, answer.result()).isTrue();
      assertThat(answer.cause()).isInstanceOfSatisfying(DomainException.class,
          e -> assertThat(e.error()).isEqualTo(error));
      return Future.succeededFuture();
    });
  }

  @Test
  void aRunningRequestHoldsItsKeyUntilItsLeaseLapses(IdempotencyStore store, VertxTestContext ctx) {
    IdempotencyService idempotency = service(store);
    lease(idempotency.claim(ACME, "k", REQUEST))
        .compose(first -> refused(idempotency.claim(ACME, "k", REQUEST), DomainError.IDEMPOTENCY_KEY_IN_FLIGHT))
        .compose(v -> {
          clock.advance(IdempotencyService.LEASE.minusSeconds(1));
          return refused(idempotency.claim(ACME, "k", REQUEST), DomainError.IDEMPOTENCY_KEY_IN_FLIGHT);
        })
        .compose(v -> {
          clock.advance(Duration.ofSeconds(2)); // the first gateway crashed: its lease lapsed, a retry runs
          return lease(idempotency.claim(ACME, "k", REQUEST));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRememberedAnswerIsReplayedOnlyForTheSameRequestInTheSameScope(IdempotencyStore store, VertxTestContext ctx) {
    IdempotencyService idempotency = service(store);
    lease(idempotency.claim(ACME, "k", REQUEST))
        .compose(lease -> lease.remember(ANSWER))
        .compose(v -> replay(service(store).claim(ACME, "k", REQUEST))) // another gateway, same key
        .compose(replayed -> {
          assertThat(replayed.answer().status()).isEqualTo(200);
          assertThat(replayed.answer().contentType()).isEqualTo("application/json");
          assertThat(replayed.answer().body()).isEqualTo(ANSWER.body());
          return refused(idempotency.claim(ACME, "k", "POST\n/other\n{}".getBytes(StandardCharsets.UTF_8)),
              DomainError.IDEMPOTENCY_KEY_REUSED);
        })
        .compose(v -> lease(idempotency.claim(new IdempotentRequests.Scope("acme", "colleague"), "k", REQUEST)))
        .compose(v -> lease(idempotency.claim(new IdempotentRequests.Scope("globex", "owner"), "k", REQUEST)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aReleasedKeyRunsAgain(IdempotencyStore store, VertxTestContext ctx) {
    IdempotencyService idempotency = service(store);
    lease(idempotency.claim(ACME, "k", REQUEST))
        .compose(IdempotentRequests.Lease::release)
        .compose(v -> lease(idempotency.claim(ACME, "k", REQUEST)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void answersExpireAfterADayAndAreDeleted(IdempotencyStore store, VertxTestContext ctx) {
    IdempotencyService idempotency = service(store);
    lease(idempotency.claim(ACME, "k", REQUEST))
        .compose(lease -> lease.remember(ANSWER))
        .compose(v -> {
          clock.advance(IdempotencyService.KEPT.minusSeconds(1));
          return idempotency.sweep();
        })
        .compose(swept -> {
          assertThat(swept).isZero();
          return replay(idempotency.claim(ACME, "k", REQUEST));
        })
        .compose(v -> {
          clock.advance(Duration.ofSeconds(1));
          return idempotency.sweep();
        })
        .compose(swept -> {
          assertThat(swept).isEqualTo(1);
          return lease(idempotency.claim(ACME, "k", REQUEST)); // after a day the key is new again
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anAnswerSealedUnderAnotherServerKeyIsNotReplayed(IdempotencyStore store, VertxTestContext ctx) {
    IdempotencyService otherKey = new IdempotencyService(store, random.bytes(32), random, clock,
        IdempotencyService.LEASE);
    lease(service(store).claim(ACME, "k", REQUEST))
        .compose(lease -> lease.remember(ANSWER))
        .compose(v -> lease(otherKey.claim(ACME, "k", REQUEST))) // another server key derives another lookup id
        .onComplete(ctx.succeedingThenComplete());
  }
}
