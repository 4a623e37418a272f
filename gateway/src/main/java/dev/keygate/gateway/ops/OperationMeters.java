package dev.keygate.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The request timers of one operation of one surface, one per status class, each made the first time its class
 * occurs and then kept: recording a request is an array read and the timer's own update, with no tag built and no
 * registry lookup. Two event loops racing to make the same timer get the same instance from the registry.
 */
final class OperationMeters {

  /** Status classes by the status's hundreds digit ({@code other}: a status outside 100–599, never sent). */
  private static final String[] CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
  /** Bucket bounds of the latency histogram: few enough to keep the exposition small, spread over what matters. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5)};

  private final MeterRegistry registry;
  final String surface;
  final String operation;
  private final Timer[] timers = new Timer[CLASSES.length];

  OperationMeters(MeterRegistry registry, String surface, String operation) {
    this.registry = registry;
    this.surface = surface;
    this.operation = operation;
  }

  void record(int status, long nanos) {
    int index = status >= 100 && status < 600 ? status / 100 : 0;
    Timer timer = timers[index];
    if (timer == null) {
      timer = Timer.builder("keygate.http.server.requests")
          .description("requests by surface, contract operation and status class")
          .tag("surface", surface).tag("operation", operation).tag("status", CLASSES[index])
          .serviceLevelObjectives(BUCKETS).register(registry);
      timers[index] = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
