package dev.keygate.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How late an event loop runs a timer that was due: a loop busy with one long task, or a blocked one, shows here
 * before it shows anywhere else. Each HTTP verticle starts one probe on its own event loop; a probe sets a timer every
 * {@link #PERIOD_MS}, and records by how much it fired late. Vert.x cancels the timers when the verticle is undeployed.
 */
final class EventLoopDelay {

  static final long PERIOD_MS = 200;

  private final Timer delay;

  EventLoopDelay(MeterRegistry registry) {
    this.delay = Timer.builder("keygate.event.loop.delay")
        .description("how late a timer due on an HTTP event loop ran")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
        .register(registry);
  }

  /** Starts a probe on the event loop of the calling verticle's context. */
  void watch(Vertx vertx) {
    schedule(vertx, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
  }

  private void schedule(Vertx vertx, long due) {
    vertx.setTimer(PERIOD_MS, id -> {
      long now = System.nanoTime();
      delay.record(Math.max(0, now - due), TimeUnit.NANOSECONDS);
      schedule(vertx, now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
    });
  }
}
