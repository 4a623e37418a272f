package dev.keygate.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.shareddata.Shareable;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * A Vert.x whose own metrics go to the registry Keygate serves at {@code /metrics}: the PostgreSQL pool (connections in
 * use, waiting, how long a wait took) and the SQL calls (how many, how long), which Vert.x reports through its
 * metrics SPI without the store knowing of Micrometer. Vert.x's per-request HTTP and socket metrics stay off: they
 * would label by address and cost on every request, and Keygate counts requests itself, by operation
 * ({@link RequestTelemetry}). The registry is kept in the Vert.x instance's local map, where {@link KeygateMetrics}
 * finds it; a Vert.x made elsewhere gets a registry of Keygate's own, without the pool figures.
 */
public final class MetricsVertx {

  static final String LOCAL_MAP = "keygate.metrics";
  static final String REGISTRY = "registry";

  /** The registry, made shareable so that the local map accepts it. */
  record Bound(PrometheusMeterRegistry registry) implements Shareable {}

  private MetricsVertx() {}

  /** With {@code metrics} off, a plain Vert.x, which reports nothing at all. */
  public static Vertx create(boolean metrics) {
    if (!metrics) {
      return Vertx.vertx();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    vertx.sharedData().getLocalMap(LOCAL_MAP).put(REGISTRY, new Bound(registry));
    return vertx;
  }

  /** The registry {@link #create} bound to {@code vertx}, or null. */
  static PrometheusMeterRegistry registryOf(Vertx vertx) {
    Object bound = vertx.sharedData().getLocalMap(LOCAL_MAP).get(REGISTRY);
    return bound instanceof Bound b ? b.registry() : null;
  }
}
