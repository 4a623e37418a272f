package dev.keygate.gateway.service.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.store.CredentialChangeFeed;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.RevokedToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@EveryStore
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class VerificationCacheTest {

  private final KeygateStore store;
  private final VerificationCache cache;
  private final AtomicInteger loads = new AtomicInteger();

  VerificationCacheTest(KeygateStore store) {
    this.store = store;
    this.cache = new VerificationCache(store.changeFeed(), 1000, Duration.ofMinutes(5));
  }

  private Future<String> load(String value) {
    loads.incrementAndGet();
    return Future.succeededFuture(value);
  }

  @Test
  void aCachedValueIsServedUntilSomethingItDependsOnChanges() {
    // a feed that tells nothing by itself: PostgreSQL's tells EVERYTHING whenever its LISTEN (re)subscribes, which
    // may land between two calls here, and a reload then is right, but not what this test is about
    VerificationCache quiet = new VerificationCache(listener -> { }, 1000, Duration.ofMinutes(5));
    assertThat(quiet.get("k", () -> load("v1"), v -> List.of("user-1", "instance-1")).result()).isEqualTo("v1");
    assertThat(quiet.get("k", () -> load("v2"), v -> List.of("user-1", "instance-1")).result()).isEqualTo("v1");
    assertThat(loads).hasValue(1);

    quiet.changed("user-2"); // unrelated (or at worst a shared stripe: one more load, never a stale value)
    quiet.changed("instance-1");

    assertThat(quiet.get("k", () -> load("v3"), v -> List.of("user-1", "instance-1")).result()).isEqualTo("v3");
  }

  @Test
  void aCacheThatPassesThroughLoadsEveryTimeAndCountsNothing() {
    VerificationCache through = VerificationCache.passingThrough();
    assertThat(through.get("k", () -> load("v1"), v -> List.of("user-1")).result()).isEqualTo("v1");
    assertThat(through.get("k", () -> load("v2"), v -> List.of("user-1")).result()).isEqualTo("v2");

    assertThat(loads).hasValue(2);
    assertThat(through.keeps()).isFalse();
    assertThat(through.hits() + through.misses()).isZero();
  }

  @Test
  void aValueLoadedWhileSomethingChangedIsReturnedButNotKept() {
    Promise<String> slow = Promise.promise();
    Future<String> first = cache.get("k", () -> slow.future(), v -> List.of("user-1"));
    cache.changed("user-1"); // the change lands while the old value is on its way
    slow.complete("before-the-change");

    assertThat(first.result()).isEqualTo("before-the-change");
    assertThat(cache.get("k", () -> load("after"), v -> List.of("user-1")).result()).isEqualTo("after");
  }

  @Test
  void aValueLoadedWhileSomethingElseChangedIsKept() {
    VerificationCache quiet = new VerificationCache(listener -> { }, 1000, Duration.ofMinutes(5));
    Promise<String> slow = Promise.promise();
    quiet.get("k", () -> slow.future(), v -> List.of("app-1", "project-1"));
    quiet.changed("app-2"); // a busy store changes other things all the time: that must not keep "k" from the cache
    slow.complete("v1");

    assertThat(quiet.get("k", () -> load("v2"), v -> List.of("app-1", "project-1")).result()).isEqualTo("v1");
    assertThat(loads).hasValue(0);
  }

  @Test
  void aValueLoadedWhileEverythingWasForgottenIsNotKept() {
    VerificationCache quiet = new VerificationCache(listener -> { }, 1000, Duration.ofMinutes(5));
    Promise<String> slow = Promise.promise();
    quiet.get("k", () -> slow.future(), v -> List.of("app-1"));
    quiet.changed(CredentialChangeFeed.EVERYTHING);
    slow.complete("before");

    assertThat(quiet.get("k", () -> load("after"), v -> List.of("app-1")).result()).isEqualTo("after");
  }

  @Test
  void nothingFoundIsNotCachedAndEverythingClearsAll() {
    cache.get("missing", () -> load(null), v -> List.of("x"));
    cache.get("missing", () -> load(null), v -> List.of("x"));
    assertThat(loads).hasValue(2);

    cache.get("k", () -> load("v"), v -> List.of("a"));
    cache.changed(CredentialChangeFeed.EVERYTHING);
    assertThat(cache.get("k", () -> load("fresh"), v -> List.of("a")).result()).isEqualTo("fresh");
  }

  @Test
  void theStoreDrivesInvalidation(VertxTestContext ctx) {
    cache.get("k", () -> load("v"), v -> List.of("token-1"));
    // the store tells this process's listeners before the write's future completes
    store.revocations().revokeToken(new RevokedToken("i", "token-1", Instant.now().plusSeconds(60)))
        .onComplete(ctx.succeeding(revoked -> ctx.verify(() -> {
          assertThat(cache.get("k", () -> load("after-revocation"), v -> List.of("token-1")).result())
              .isEqualTo("after-revocation");
          ctx.completeNow();
        })));
  }

  @Test
  void theTarpitStartsAfterAFewFailuresAndIsCapped() {
    assertThat(FailedAttempts.delayAfter(1)).isZero();
    assertThat(FailedAttempts.delayAfter(3)).isZero();
    assertThat(FailedAttempts.delayAfter(4)).isEqualTo(250);
    assertThat(FailedAttempts.delayAfter(5)).isEqualTo(500);
    assertThat(FailedAttempts.delayAfter(100)).isEqualTo(4_000);
  }
}
