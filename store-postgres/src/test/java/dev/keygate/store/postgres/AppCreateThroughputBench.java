package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Project;
import dev.keygate.store.User;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manual measurement, not a test: surefire's default includes do not match its name, so {@code mvn verify} never
 * runs it. Writes to one aggregate by 64 concurrent callers (each starts its next write when its last one is
 * answered, on Vert.x event-loop contexts as the gateway's requests are) through a pool of 16, on a dedicated
 * PostgreSQL with fsync and synchronous_commit on. Run it with
 *
 * <pre>
 * mvn -B -o verify -pl store-postgres -am -Dtest=AppCreateThroughputBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read the figures it prints (also appended to {@code store-postgres/target/bench.txt}). {@code -Dbench.callers},
 * {@code -Dbench.seconds} and {@code -Dbench.pool} change the load.
 */
class AppCreateThroughputBench {

  private static final int CALLERS = Integer.getInteger("bench.callers", 64);
  private static final int POOL = Integer.getInteger("bench.pool", 16);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
  private static final int WARM_UP_SECONDS = 3;

  @Test
  void appCreatesPerSecondOnOneProject(@TempDir Path data) throws Exception {
    run(data, "API app creates on one project", (store, setup) -> {
      Project project = await(store.projects().createProject(project(setup.instance().id(), setup.firstOrg().id(),
          "bench"),
          CHANGE));
      return n -> store.apiApps().createApiApp(app(project, "app-" + n), CHANGE);
    });
  }

  @Test
  void machineSecretSetsPerSecondOnOneUser(@TempDir Path data) throws Exception {
    run(data, "machine-secret sets on one user", (store, setup) -> {
      User user = await(store.users().createUser(machine(setup.instance().id(), setup.firstOrg().id(), "bench",
          Set.of()),
          CHANGE));
      return n -> store.users().setMachineSecret(user.instanceId(), user.orgId(), user.id(), "hash-" + nextId(),
          CHANGE);
    });
  }

  private interface Workload {
    LongFunction<Future<?>> prepare(KeygateStore store, NewInstance setup);
  }

  private static void run(Path data, String what, Workload workload) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestPostgres server = TestPostgres.dedicatedDurable(data.resolve("pg"))) {
      KeygateStore store = await(PostgresStore.open(vertx, PostgresStoreOptions.of(server.uri()).withPoolSize(POOL)));
      NewInstance setup = newInstance("bench", nextId() + ".localhost");
      await(store.instances().createInstance(setup));
      LongFunction<Future<?>> write = workload.prepare(store, setup);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong started = new AtomicLong();
      AtomicLong succeeded = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      for (int i = 0; i < CALLERS; i++) {
        vertx.getOrCreateContext().runOnContext(v -> caller(write, running, started, succeeded, failed));
      }
      Thread.sleep(WARM_UP_SECONDS * 1_000L);
      long ok0 = succeeded.get();
      long failed0 = failed.get();
      long t0 = System.nanoTime();
      Thread.sleep(SECONDS * 1_000L);
      long ok = succeeded.get() - ok0;
      long bad = failed.get() - failed0;
      double elapsed = (System.nanoTime() - t0) / 1e9;
      running.set(false);
      Thread.sleep(500);
      await(store.close());

      String line = String.format("%s: %.0f/s (%d in %.1f s, %d failed; %d callers, pool of %d, fsync and "
          + "synchronous_commit on)%n", what, ok / elapsed, ok, elapsed, bad, CALLERS, POOL);
      System.out.print(line);
      Files.writeString(Path.of("target", "bench.txt"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      await(vertx.close());
    }
  }

  private static void caller(LongFunction<Future<?>> write, AtomicBoolean running, AtomicLong started,
                             AtomicLong succeeded, AtomicLong failed) {
    if (!running.get()) {
      return;
    }
    write.apply(started.incrementAndGet()).onComplete(result -> {
      (result.succeeded() ? succeeded : failed).incrementAndGet();
      caller(write, running, started, succeeded, failed);
    });
  }
}
