package dev.keygate.gateway.service.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keygate.gateway.service.ServiceMeter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tarpit for guessing secrets: after a few failed authentications of one client id, each further failure is answered
 * later, up to a few seconds, so that guessing costs time. Only failures wait: a request with the right secret is
 * answered at once, so an attacker hammering a client id can slow themselves down but never lock the real client out.
 */
public final class FailedAttempts {

  private static final int FREE_FAILURES = 3;
  private static final long FIRST_DELAY_MS = 250;
  private static final long MAX_DELAY_MS = 4_000;

  private final Vertx vertx;
  private final ServiceMeter meter;
  private final ServiceMeter.Event counted;
  private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(15)).executor(Runnable::run).build();

  /** {@code counted}: the event each failed authentication counts as. */
  public FailedAttempts(Vertx vertx, ServiceMeter meter, ServiceMeter.Event counted) {
    this.vertx = vertx;
    this.meter = meter;
    this.counted = counted;
  }

  /** Fails with {@code failure}, after the delay this client id has earned. */
  public <T> Future<T> fail(String clientId, Throwable failure) {
    meter.count(counted);
    if (clientId == null || clientId.isEmpty()) {
      return Future.failedFuture(failure);
    }
    int count = failures.get(clientId, id -> new AtomicInteger()).incrementAndGet();
    long delay = delayAfter(count);
    if (delay == 0) {
      return Future.failedFuture(failure);
    }
    return vertx.timer(delay).compose(v -> Future.failedFuture(failure));
  }

  /** 0 for the first few failures, then doubling from 250 ms up to 4 s. */
  static long delayAfter(int failures) {
    if (failures <= FREE_FAILURES) {
      return 0;
    }
    int doublings = Math.min(failures - FREE_FAILURES - 1, 10);
    return Math.min(FIRST_DELAY_MS << doublings, MAX_DELAY_MS);
  }
}
