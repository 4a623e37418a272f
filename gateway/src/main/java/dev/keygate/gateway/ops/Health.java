package dev.keygate.gateway.ops;

import dev.keygate.store.KeygateStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The three health endpoints, as Keycloak names them, each answered by vertx-health-check in its JSON
 * ({@code {"status":"UP"|"DOWN","checks":[{"id":…,"status":…,"data":…}],"outcome":…}}, 200 or 503, so a failing
 * check names itself):
 * <ul>
 *   <li>live: the process answers (check {@code process});</li>
 *   <li>started: start-up finished (check {@code started});</li>
 *   <li>ready: the store answers within its timeout with its schema current (check {@code store}), and no stop has
 *       begun (check {@code serving}), so a balancer stops sending requests before the listener closes.</li>
 * </ul>
 */
public final class Health {

  /** Where a running Keygate is in its life. */
  public enum Phase { STARTING, SERVING, STOPPING }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
  private final HealthCheckHandler live;
  private final HealthCheckHandler started;
  private final HealthCheckHandler ready;

  /** {@code storeTimeoutMs}: how long the store's check may take before it counts as failed. */
  public Health(Vertx vertx, KeygateStore store, long storeTimeoutMs) {
    live = HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("process", promise -> promise.complete(Status.OK())));
    started = HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("started", promise -> promise.complete(phase.get() == Phase.STARTING
            ? Status.KO(new JsonObject().put("reason", "starting")) : Status.OK())));
    ready = HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("serving", promise -> promise.complete(phase.get() == Phase.SERVING ? Status.OK()
            : Status.KO(new JsonObject().put("reason", phase.get().name().toLowerCase()))))
        .register("store", storeTimeoutMs, promise -> store.ready().onComplete(done -> {
          if (done.succeeded()) {
            promise.complete(Status.OK());
          } else {
            String reason = done.cause().getMessage();
            promise.complete(Status.KO(new JsonObject().put("reason", reason == null
                ? done.cause().getClass().getSimpleName() : reason)));
          }
        })));
  }

  public void phase(Phase now) {
    phase.set(now);
  }

  HealthCheckHandler live() {
    return live;
  }

  HealthCheckHandler started() {
    return started;
  }

  HealthCheckHandler ready() {
    return ready;
  }
}
