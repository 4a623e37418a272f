package dev.keygate.gateway.ops;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.http.RequestObserver;
import dev.keygate.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per request: the latency timer of its surface, operation and status class, the store errors it met, and its
 * access-log line. The router of each surface calls {@link #entering} first for every request (so requests the edge
 * refuses, or that match no operation, count as operation {@code none}) and {@link #matched} once the contract's
 * route is known. Operations come from the contracts, so the label values are a fixed, small set, never a raw path.
 */
public final class RequestTelemetry implements RequestObserver {

  static final String KEY = "keygate.request";
  static final String UNMATCHED = "none";

  private final MeterRegistry registry;
  private final AccessLog accessLog;
  private final Counter[] storeErrors;
  private final ConcurrentHashMap<String, OperationMeters> meters = new ConcurrentHashMap<>();

  /** {@code registry} null: no metrics; {@code accessLog} null: no access log. */
  RequestTelemetry(MeterRegistry registry, AccessLog accessLog) {
    this.registry = registry;
    this.accessLog = accessLog;
    this.storeErrors = new Counter[StoreException.Kind.values().length];
    if (registry != null) {
      for (StoreException.Kind kind : StoreException.Kind.values()) {
        storeErrors[kind.ordinal()] = Counter.builder("keygate.store.errors").tag("kind", kind.name().toLowerCase())
            .description("store failures that reached a request's answer, by kind").register(registry);
      }
    }
  }

  /** The observer for this configuration: {@link RequestObserver#NONE} when it would watch nothing. */
  public static RequestObserver of(KeygateMetrics metrics, AccessLog accessLog) {
    if (metrics == null && accessLog == null) {
      return RequestObserver.NONE;
    }
    return new RequestTelemetry(metrics == null ? null : metrics.registry(), accessLog);
  }

  @Override
  public Handler<RoutingContext> entering(String surface) {
    OperationMeters unmatched = meters(surface, UNMATCHED);
    return rc -> {
      Observation observation = new Observation(rc, unmatched);
      rc.put(KEY, observation);
      // when the answer's headers go out, on whatever thread ends the response: the end handler of vertx-web
      // fired only at connection close for answers ended from the PostgreSQL pool's context
      rc.addHeadersEndHandler(observation);
      rc.next();
    };
  }

  @Override
  public Handler<RoutingContext> matched(String surface, String operationId) {
    OperationMeters operation = meters(surface, operationId);
    return rc -> {
      Observation observation = rc.get(KEY);
      if (observation != null) {
        observation.operation = operation;
      }
      rc.next();
    };
  }

  private OperationMeters meters(String surface, String operation) {
    return meters.computeIfAbsent(surface + ' ' + operation, key -> new OperationMeters(registry, surface, operation));
  }

  /**
   * The store failure behind a request's failure, if it was one: the services translate the store's outage and its
   * being full into the neutral errors every surface renders, so those count as well.
   */
  static StoreException.Kind storeError(Throwable failure) {
    if (failure instanceof StoreException store) {
      return store.kind();
    }
    if (failure instanceof DomainException domain) {
      if (domain.error() == DomainError.UNAVAILABLE) {
        return StoreException.Kind.UNAVAILABLE;
      }
      if (domain.error() == DomainError.RESOURCE_EXHAUSTED) {
        return StoreException.Kind.RESOURCE_EXHAUSTED;
      }
    }
    return null;
  }

  /** One request in flight: when it started and which operation it turned out to be. */
  private final class Observation implements Handler<Void> {

    private final RoutingContext rc;
    private final long started = System.nanoTime();
    OperationMeters operation;

    Observation(RoutingContext rc, OperationMeters unmatched) {
      this.rc = rc;
      this.operation = unmatched;
    }

    @Override
    public void handle(Void headersWritten) {
      long nanos = System.nanoTime() - started;
      int status = rc.response().getStatusCode();
      if (registry != null) {
        operation.record(status, nanos);
        StoreException.Kind storeError = storeError(rc.failure());
        if (storeError != null) {
          storeErrors[storeError.ordinal()].increment();
        }
      }
      if (accessLog != null) {
        accessLog.write(rc, operation.surface, operation.operation, status, nanos);
      }
    }
  }
}
