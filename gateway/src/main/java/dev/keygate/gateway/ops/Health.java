package dev.keygate.gateway.ops;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StorePrimary;
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
 *   <li>primary: the store knows a primary that takes writes (check {@code primary}, which names it, with the
 *       failovers seen and the time spent without one); a store whose server cannot move always does. Not part of
 *       ready: while there is none, ready fails by its own check as soon as the store cannot answer.</li>
 * </ul>
 */
public final class Health {

  /** Where a running Keygate is in its life. */
  public enum Phase { STARTING, SERVING, STOPPING }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
  private final HealthCheckHandler live;
  private final HealthCheckHandler started;
  private final HealthCheckHandler ready;
  private final HealthCheckHandler primary;

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
    StorePrimary seen = store.primary();
    primary = HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("primary", promise -> {
          JsonObject data = new JsonObject().put("primary", seen.name()).put("failovers", seen.failovers())
              .put("reconnects", seen.reconnects()).put("millisWithout", seen.millisWithout());
          promise.complete(seen.known() ? Status.OK(data) : Status.KO(data));
        }));
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

  HealthCheckHandler primary() {
    return primary;
  }
}
