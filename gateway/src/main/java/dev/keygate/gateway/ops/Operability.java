package dev.keygate.gateway.ops;

import dev.keygate.gateway.http.RequestObserver;
import dev.keygate.gateway.service.ServiceMeter;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.tls.ServerTls;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Everything an operator watches a running Keygate with, put together once per Keygate: metrics (or none, with
 * {@code KEYGATE_METRICS=off}), the access log (or none), the health checks, and the management server that serves
 * them. The wiring hands {@link #observer()} to every router, {@link #meter()} to the services, and calls
 * {@link #watchEventLoop} from each HTTP verticle.
 */
public final class Operability {

  /**
   * What the configuration says; {@code accessLog} is {@code off} or {@code json}; {@code managementTls} the
   * certificate of the management port, or {@code null} for plain HTTP there.
   */
  public record Settings(boolean metrics, String accessLog, String managementHost, int managementPort,
                         long storeTimeoutMs, ServerTls managementTls) {}

  /** The surface name of what is not a contract's: the contracts, the health alias, the catch-all 404. */
  static final String INFRASTRUCTURE = "keygate";

  private final Vertx vertx;
  private final Settings settings;
  private final KeygateMetrics metrics;
  private final RequestObserver observer;
  private final EventLoopDelay loopDelay;
  private final Health health;
  private ManagementServer management;

  private Operability(Vertx vertx, Settings settings, KeygateStore store) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = settings.metrics() ? KeygateMetrics.on(vertx) : null;
    AccessLog accessLog = switch (settings.accessLog().trim()) {
      case "off" -> null;
      case "json" -> new AccessLog();
      default -> throw new IllegalArgumentException("KEYGATE_ACCESS_LOG must be off or json, was '"
          + settings.accessLog() + "'");
    };
    this.observer = RequestTelemetry.of(metrics, accessLog);
    this.loopDelay = metrics == null ? null : new EventLoopDelay(metrics.registry());
    this.health = new Health(vertx, store, settings.storeTimeoutMs() + 1_000);
    if (metrics != null) {
      metrics.watch(store.usage());
      metrics.watch(store.primary());
    }
  }

  public static Operability create(Vertx vertx, Settings settings, KeygateStore store) {
    return new Operability(vertx, settings, store);
  }

  /** Starts the management server; health says "starting" until {@link #serving()}. */
  public Future<Operability> startManagement() {
    return ManagementServer.start(vertx, settings.managementHost(), settings.managementPort(), metrics, health,
            settings.managementTls())
        .map(server -> {
          management = server;
          return this;
        });
  }

  public RequestObserver observer() {
    return observer;
  }

  public ServiceMeter meter() {
    return metrics == null ? ServiceMeter.NONE : metrics;
  }

  /** The caches' hits and misses, and the build info series. */
  public void describe(VerificationCache cache, VerificationCache reads, String version, String storeKind,
                       String crypto) {
    if (metrics != null) {
      metrics.watch(cache);
      metrics.watchReads(reads);
      metrics.buildInfo(version, storeKind, crypto);
    }
  }

  /** From an HTTP verticle's start: probes its event loop. */
  public void watchEventLoop(Vertx verticleVertx) {
    if (loopDelay != null) {
      loopDelay.watch(verticleVertx);
    }
  }

  /**
   * Watches the router of what no contract describes: its few fixed paths are named operations ({@code healthz},
   * {@code openapi}, {@code docs}), everything else is {@code none}. Call it before adding the router's own routes.
   */
  public void observe(Router infrastructure) {
    Handler<RoutingContext> entering = observer.entering(INFRASTRUCTURE);
    if (entering == null) {
      return;
    }
    infrastructure.route().handler(entering);
    infrastructure.get("/healthz").handler(observer.matched(INFRASTRUCTURE, "healthz"));
    infrastructure.get("/openapi/*").handler(observer.matched(INFRASTRUCTURE, "openapi"));
    infrastructure.get("/docs*").handler(observer.matched(INFRASTRUCTURE, "docs"));
  }

  public void serving() {
    health.phase(Health.Phase.SERVING);
  }

  /** A stop began: not ready any more, so that balancers turn away before the listener closes. */
  public void stopping() {
    health.phase(Health.Phase.STOPPING);
  }

  public int managementPort() {
    return management == null ? -1 : management.port();
  }

  public Future<Void> close() {
    if (metrics != null) {
      metrics.close();
    }
    return management == null ? Future.succeededFuture() : management.close();
  }
}
