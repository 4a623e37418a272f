package dev.keygate.gateway.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks again until the answer is the awaited one or a deadline has passed, for what happens on its own time (a probe
 * that runs every few hundred milliseconds, a notification from another process, a child process's progress). An
 * expiry is not such a thing: a test moves a {@link TestClock} instead. The caller asserts on the answer it gets, so a
 * deadline that passes fails with what was last seen.
 */
public final class Poll {

  private static final long PAUSE_MS = 10;

  private Poll() {}

  /** The first answer of {@code probe} that {@code done} accepts, or its last answer once {@code within} has passed. */
  public static <T> T until(Duration within, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + within.toNanos();
    T answer = probe.get();
    while (!done.test(answer) && System.nanoTime() - deadline < 0) {
      pause();
      answer = probe.get();
    }
    return answer;
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
