package dev.keygate.gateway.ops;

import dev.keygate.gateway.service.ServiceMeter;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.store.StorePrimary;
import dev.keygate.store.StoreUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The metrics of one running Keygate, in Prometheus's text format: what {@link RequestTelemetry} counts per request,
 * what the services count through their port ({@link ServiceMeter}, implemented here with one counter per event,
 * created once), the verification cache's hits and misses (read when scraped), the memory store's fill, JVM and
 * process figures, and one {@code keygate_build_info} series naming the version, the store kind and the crypto
 * provider. No label carries a tenant, an id or a secret.
 */
public final class KeygateMetrics implements ServiceMeter {

  private final PrometheusMeterRegistry registry;
  private final Counter[] events = new Counter[Event.values().length];
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private KeygateMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    for (Event event : Event.values()) {
      events[event.ordinal()] = counter(event);
    }
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** On the registry {@link MetricsVertx} bound to {@code vertx}, else on a registry of its own. */
  public static KeygateMetrics on(Vertx vertx) {
    PrometheusMeterRegistry bound = MetricsVertx.registryOf(vertx);
    return new KeygateMetrics(bound != null ? bound : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private Counter counter(Event event) {
    return switch (event) {
      case TOKEN_ISSUED -> Counter.builder("keygate.token.grants").tag("result", "issued")
          .description("access token requests, by outcome").register(registry);
      case TOKEN_REFUSED -> Counter.builder("keygate.token.grants").tag("result", "refused")
          .description("access token requests, by outcome").register(registry);
      case INTROSPECTION_ACTIVE -> Counter.builder("keygate.token.introspections").tag("result", "active")
          .description("introspections of an authenticated app, by answer").register(registry);
      case INTROSPECTION_INACTIVE -> Counter.builder("keygate.token.introspections").tag("result", "inactive")
          .description("introspections of an authenticated app, by answer").register(registry);
      case OAUTH_CLIENT_AUTHENTICATION_FAILED -> Counter.builder("keygate.authentication.failures")
          .tag("area", "oauth").description("failed client authentications (wrong or unknown secret or key)")
          .register(registry);
      case COMMERCE_LOGIN_FAILED -> Counter.builder("keygate.authentication.failures")
          .tag("area", "commerce").description("failed client authentications (wrong or unknown secret or key)")
          .register(registry);
      case BEARER_TOKEN_REFUSED -> Counter.builder("keygate.authentication.failures")
          .tag("area", "bearer").description("failed client authentications (wrong or unknown secret or key)")
          .register(registry);
    };
  }

  @Override
  public void count(Event event) {
    events[event.ordinal()].increment();
  }

  /** The verification cache's hits and misses, read when scraped: nothing is added to a lookup. */
  public void watch(VerificationCache cache) {
    FunctionCounter.builder("keygate.verification.cache.lookups", cache, VerificationCache::hits)
        .tag("result", "hit").description("verified-credential cache lookups").register(registry);
    FunctionCounter.builder("keygate.verification.cache.lookups", cache, VerificationCache::misses)
        .tag("result", "miss").description("verified-credential cache lookups").register(registry);
  }

  /**
   * The read cache's hits and misses (objects read by id), read when scraped; no series where it keeps nothing (the
   * memory store).
   */
  public void watchReads(VerificationCache reads) {
    if (!reads.keeps()) {
      return;
    }
    FunctionCounter.builder("keygate.read.cache.lookups", reads, VerificationCache::hits)
        .tag("result", "hit").description("objects read by id: cache lookups").register(registry);
    FunctionCounter.builder("keygate.read.cache.lookups", reads, VerificationCache::misses)
        .tag("result", "miss").description("objects read by id: cache lookups").register(registry);
  }

  /** How full a bounded store is (the memory store); nothing for an unbounded one. */
  public void watch(StoreUsage usage) {
    if (usage.capacityBytes() == Long.MAX_VALUE) {
      return;
    }
    Gauge.builder("keygate.store.used.bytes", usage, StoreUsage::usedBytes)
        .description("bytes the store counts as held").register(registry);
    Gauge.builder("keygate.store.capacity.bytes", usage, StoreUsage::capacityBytes)
        .description("bytes the store may hold").register(registry);
  }

  /**
   * The primary of a store that can fail over: whether one is known (1 or 0), failovers seen, reconnections, and the
   * time spent without one. Nothing for a store whose server cannot move.
   */
  public void watch(StorePrimary primary) {
    if (primary == StorePrimary.FIXED) {
      return;
    }
    Gauge.builder("keygate.store.primary.known", primary, seen -> seen.known() ? 1 : 0)
        .description("1 while the store knows a primary that takes writes, else 0").register(registry);
    FunctionCounter.builder("keygate.store.failovers", primary, StorePrimary::failovers)
        .description("times the store found its primary on another server").register(registry);
    FunctionCounter.builder("keygate.store.reconnects", primary, StorePrimary::reconnects)
        .description("times the store connected again after losing its server").register(registry);
    FunctionCounter.builder("keygate.store.without.primary.seconds", primary, seen -> seen.millisWithout() / 1e3)
        .description("time the store spent without a known primary").register(registry);
  }

  /** One series, always 1, whose labels say what runs. */
  public void buildInfo(String version, String store, String crypto) {
    Gauge.builder("keygate.build.info", () -> 1).tag("version", version).tag("store", store)
        .tag("crypto", crypto).description("what runs: version, store kind, crypto provider").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every series. */
  public String scrape() {
    return registry.scrape();
  }

  /** Releases the JVM listeners (the GC notifications); the registry goes with its Vert.x. */
  public void close() {
    gc.close();
  }
}
