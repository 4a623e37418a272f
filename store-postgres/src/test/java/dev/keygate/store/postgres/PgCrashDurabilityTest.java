package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.ApiApp;
import dev.keygate.store.EventTypes;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller is answered only once its write is durable, batched or not: PostgreSQL crashes (pg_ctl stop -m immediate,
 * no checkpoint, what is not on disk is lost) in the middle of parallel creates on one project, and after recovery
 * every create that was answered with success is there with its event, and the project's sequence is gap-free.
 */
class PgCrashDurabilityTest {

  private static final int CALLERS = 64;

  @Test
  void everyAcknowledgedCreateSurvivesACrashOfTheServer(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestPostgres server = TestPostgres.dedicatedDurable(data.resolve("pg"))) {
      PostgresStoreOptions options = PostgresStoreOptions.of(server.uri()).withPoolSize(16).withTimeoutMs(5_000);
      KeygateStore store = await(PostgresStore.open(vertx, options));
      NewInstance setup = newInstance("crash", nextId() + ".localhost");
      await(store.instances().createInstance(setup));
      Project project = await(store.projects().createProject(project(setup.instance().id(), setup.firstOrg().id(), "p"),
          CHANGE));

      Queue<ApiApp> acknowledged = new ConcurrentLinkedQueue<>();
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch stopped = new CountDownLatch(CALLERS);
      for (int i = 0; i < CALLERS; i++) {
        vertx.getOrCreateContext().runOnContext(v -> createUntilFailure(store, project, acknowledged, failures,
            stopped));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (acknowledged.size() < 500 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      server.crash(); // with every caller's next create in flight
      assertThat(stopped.await(30, TimeUnit.SECONDS)).as("every caller saw the crash").isTrue();
      await(store.close());
      assertThat(failures).isNotEmpty().allSatisfy(cause -> assertThat(((StoreException) cause).kind())
          .isEqualTo(StoreException.Kind.UNAVAILABLE));
      List<ApiApp> answered = List.copyOf(acknowledged);
      assertThat(answered).hasSizeGreaterThanOrEqualTo(500);

      server.start(); // recovers from the write-ahead log
      KeygateStore reopened = await(PostgresStore.open(vertx, options));
      Map<Long, StoredEvent> events = await(reopened.events().events(setup.instance().id(), project.id())).stream()
          .collect(Collectors.toMap(StoredEvent::sequence, Function.identity()));
      for (ApiApp app : answered) {
        assertThat(await(reopened.apiApps().apiApp(app.instanceId(), app.orgId(), app.projectId(), app.id())))
            .contains(app);
        assertThat(events.get(app.sequence())).isNotNull()
            .satisfies(event -> assertThat(event.type()).isEqualTo(EventTypes.APP_ADDED));
      }
      // what was committed but not answered before the crash is whole too: no sequence lost, every app counted
      long sequence = await(reopened.projects().project(setup.instance().id(), setup.firstOrg().id(), project.id()))
          .orElseThrow().sequence();
      assertThat(events.keySet()).hasSize((int) sequence).allSatisfy(s -> assertThat(s).isBetween(1L, sequence));
      assertThat(await(reopened.apiApps().apiApps(setup.instance().id(), setup.firstOrg().id(), project.id(),
          PageRequest.first(1))).total()).isEqualTo(sequence - 1);
      await(reopened.close());
    } finally {
      await(vertx.close());
    }
  }

  /** One caller: its next create as soon as the last one is answered, until one fails. */
  private static void createUntilFailure(KeygateStore store, Project project, Queue<ApiApp> acknowledged,
                                         Queue<Throwable> failures, CountDownLatch stopped) {
    store.apiApps().createApiApp(app(project, "app-" + nextId()), CHANGE).onComplete(created -> {
      if (created.succeeded()) {
        acknowledged.add(created.result());
        createUntilFailure(store, project, acknowledged, failures, stopped);
      } else {
        failures.add(created.cause());
        stopped.countDown();
      }
    });
  }
}
