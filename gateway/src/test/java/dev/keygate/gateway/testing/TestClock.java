package dev.keygate.gateway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it ({@link #advance}). It starts at the real time, to the millisecond
 * as the wire formats and the stores keep times, so that what a gateway stamps with it reads as today. A gateway
 * started on it (the {@link TestGateway} start methods that take a clock) sees a token expire when the test says so,
 * however slow the machine. Thread-safe: the gateway's event loops read it while the test moves it.
 */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public TestClock() {
    this(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public TestClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Moves this clock (and every clock made from it with {@link #withZone}) forward. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward, not by " + by);
    }
    now.updateAndGet(instant -> instant.plus(by));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time in another zone. */
  @Override
  public Clock withZone(ZoneId other) {
    return new TestClock(now, other);
  }
}
