package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a shared database can get wrong: two processes' pools racing, and the database going away. */
class PostgresConcurrencyAndOutageTest {

  private Vertx vertx;
  private final List<KeygateStore> stores = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    stores.forEach(s -> s.close());
    await(vertx.close());
  }

  private KeygateStore open(PostgresStoreOptions options) {
    KeygateStore store = await(PostgresStore.open(vertx, options));
    stores.add(store);
    return store;
  }

  @Test
  void twoPoolsOnOneDatabaseCreateOneNameExactlyOnce() {
    PostgresStoreOptions options = TestPostgres.shared().freshStore();
    KeygateStore first = open(options);
    KeygateStore second = open(options);
    NewInstance setup = newInstance("race", nextId() + ".localhost");
    await(first.instances().createInstance(setup));
    Project project = await(first.projects().createProject(project(setup.instance().id(), setup.firstOrg().id(), "p"),
        CHANGE));

    List<Future<ApiApp>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add((i % 2 == 0 ? first : second).apiApps().createApiApp(app(project, "contended"), CHANGE));
    }
    await(Future.join(attempts).otherwiseEmpty()); // wait for all; their outcomes are checked one by one

    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed).map(Future::cause)).allSatisfy(cause ->
        assertThat(((StoreException) cause).is(StoreException.Kind.ALREADY_EXISTS,
            StoreException.Entity.API_APP_NAME)).isTrue());
    assertThat(await(second.apiApps().apiApps(setup.instance().id(), setup.firstOrg().id(), project.id(),
        PageRequest.first(100))).total()).isEqualTo(1);
    // the winner's event is the project's only application event: no sequence was lost or repeated
    assertThat(await(first.events().events(setup.instance().id(), project.id()))).extracting(e -> e.sequence())
        .containsExactly(1L, 2L);
  }

  @Test
  void anotherProcessHearsOfACredentialChangeWithinASecond() throws Exception {
    PostgresStoreOptions options = TestPostgres.shared().freshStore();
    KeygateStore writer = open(options);
    KeygateStore other = open(options);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    other.changeFeed().onCredentialChange(heard::add);
    NewInstance setup = newInstance("notify", nextId() + ".localhost");
    await(writer.instances().createInstance(setup));
    heard.clear();

    long started = System.nanoTime();
    await(writer.users().setMachineSecret(setup.instance().id(), setup.firstOrg().id(), setup.owner().id(), "h"
        + nextId(),
        CHANGE));
    String id;
    do {
      id = heard.poll(1, TimeUnit.SECONDS);
    } while (id != null && !id.equals(setup.owner().id()));

    assertThat(id).as("the other store was told").isEqualTo(setup.owner().id());
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void anOutageFailsCallsFastAndTheStoreRecoversWithEveryAcknowledgedWrite(@TempDir Path data) {
    try (TestPostgres server = TestPostgres.dedicated(data.resolve("pg"))) {
      KeygateStore store = open(PostgresStoreOptions.of(server.uri()).withPoolSize(4).withTimeoutMs(2_000));
      NewInstance setup = newInstance("durable", nextId() + ".localhost");
      Instance instance = await(store.instances().createInstance(setup));
      Project project = await(store.projects().createProject(project(instance.id(), setup.firstOrg().id(), "p"),
          CHANGE));
      ApiApp acknowledged = await(store.apiApps().createApiApp(app(project, "before-outage"), CHANGE));

      server.stop();
      long started = System.nanoTime();
      assertThatThrownBy(() -> await(store.instances().instance(instance.id())))
          .isInstanceOfSatisfying(StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
      assertThatThrownBy(() -> await(store.apiApps().createApiApp(app(project, "during-outage"), CHANGE)))
          .isInstanceOfSatisfying(StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
      // bounded by the store's timeout, never hung
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2 * 2_000 + 1_000);

      server.start();
      assertThat(await(store.apiApps().apiApp(instance.id(), setup.firstOrg().id(), project.id(), acknowledged.id())))
          .contains(acknowledged);
      assertThat(await(store.apiApps().createApiApp(app(project, "after-outage"), CHANGE)).sequence())
          .isEqualTo(acknowledged.sequence() + 1);
      assertThat(await(store.apiApps().apiApps(instance.id(), setup.firstOrg().id(), project.id(),
          PageRequest.first(10)))
          .items()).extracting(ApiApp::name).containsExactly("before-outage", "after-outage");
    }
  }
}
