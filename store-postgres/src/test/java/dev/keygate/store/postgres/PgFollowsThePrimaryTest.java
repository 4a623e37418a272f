package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a multi-host URI follows the server that takes writes. Two servers of this class's own stand in for a
 * primary and a standby: the "standby" answers every session read-only ({@code default_transaction_read_only}), which
 * is what a demoted node and a node pg_auto_failover has promoted but not yet opened both say to a write (25006).
 * Moving the primary is turning one read-only and the other writable, with or without ending the store's connections
 * (an HA manager restarting the old primary ends them; a proxy or a virtual IP that moves does not). There is no
 * replication between the two: each holds the schema, and the test checks where each write landed.
 */
class PgFollowsThePrimaryTest {

  private static final long TIMEOUT_MS = 2_000;

  @TempDir
  static Path data;
  private static TestPostgres one;
  private static TestPostgres two;

  private final String schema = TestPostgres.newSchemaName();
  private Vertx vertx;
  private KeygateStore store;
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  @BeforeAll
  static void startServers() {
    one = TestPostgres.dedicated(data.resolve("one"));
    two = TestPostgres.dedicated(data.resolve("two"));
  }

  @AfterAll
  static void stopServers() {
    one.close();
    two.close();
  }

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    for (TestPostgres server : new TestPostgres[] {one, two}) {
      readOnly(server, false);
      await(await(PostgresStore.open(vertx, options(server.uri()))).close()); // the schema on both
    }
    readOnly(two, true);
    store = await(PostgresStore.open(vertx, options(bothReadWrite())));
    store.changeFeed().onCredentialChange(heard::add);
  }

  @AfterEach
  void close() {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void writesGoToTheWritableServerAndFollowItWhenItMovesWithOrWithoutDroppedConnections() throws Exception {
    Instance first = await(store.instances().createInstance(newInstance("first", nextId() + ".localhost")));
    assertThat(instances(one, first.id())).isEqualTo(1);
    assertThat(store.primary().name()).isEqualTo("localhost:" + one.port());

    // a proxy moved: the pool's connections to the old server stay open and answer read-only
    readOnly(one, true);
    readOnly(two, false);
    Instance second = writeWhenPossible("second");
    assertThat(instances(two, second.id())).isEqualTo(1);
    assertThat(instances(one, second.id())).isZero();
    assertThat(store.primary().failovers()).isEqualTo(1);
    assertThat(store.primary().name()).isEqualTo("localhost:" + two.port());
    heardFromAnotherProcessOn(two);

    // an HA manager demoted the new primary by restarting it: its connections end
    readOnly(two, true);
    readOnly(one, false);
    terminateKeygateConnections(two);
    Instance third = writeWhenPossible("third");
    assertThat(instances(one, third.id())).isEqualTo(1);
    assertThat(store.primary().failovers()).isEqualTo(2);
    heardFromAnotherProcessOn(one);
    assertThat(store.primary().reconnects()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anIdleStoreFollowsAMoveItsChangeFeedNoticed() throws Exception {
    // an HA manager restarts the old primary as a standby: the store's connections end, and it writes nothing
    readOnly(one, true);
    readOnly(two, false);
    terminateKeygateConnections(one);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!store.primary().name().equals("localhost:" + two.port())) {
      assertThat(System.nanoTime()).as("the move seen without a call: " + store.primary().name())
          .isLessThan(deadline);
      Thread.sleep(20); // polling the store's view, not waiting for time to pass
    }
    assertThat(store.primary().failovers()).isEqualTo(1);
    heardFromAnotherProcessOn(two);
  }

  @Test
  void withoutAWritableServerWritesAreUnavailableWithinTheTimeoutAndSucceedOnceThereIsOne() {
    readOnly(one, true);
    terminateKeygateConnections(one);
    long started = System.nanoTime();

    assertThatThrownBy(() -> await(store.instances().createInstance(newInstance("none", nextId() + ".localhost"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(TIMEOUT_MS + 1_000));
    assertThat(store.primary().known()).isFalse();
    assertThat(store.primary().name()).as("no host named as the primary").doesNotStartWith("localhost:");

    readOnly(two, false);
    Instance later = writeWhenPossible("later");
    assertThat(instances(two, later.id())).isEqualTo(1);
    assertThat(store.primary().known()).isTrue();
    assertThat(store.primary().millisWithout()).isPositive();
  }

  @Test
  void whileThePrimaryIsDownReadsAreAnsweredByTheStandby() {
    // the same instance on both servers, as replication would have put it on the standby
    NewInstance setup = newInstance("replicated", nextId() + ".localhost");
    readOnly(two, false);
    KeygateStore onTwo = await(PostgresStore.open(vertx, options(two.uri())));
    await(onTwo.instances().createInstance(setup));
    await(onTwo.close());
    readOnly(two, true);
    Instance replicated = await(store.instances().createInstance(setup));
    one.stop();
    try {
      assertThatThrownBy(() -> await(store.instances().createInstance(newInstance("no", nextId() + ".localhost"))))
          .isInstanceOfSatisfying(StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
      // the primary's reads fail as its writes do; the standby answers them
      assertThat(await(store.instances().instance(replicated.id()))).contains(replicated);
      String domain = setup.instance().domains().get(0).name();
      assertThat(await(store.instances().instanceByDomain(domain))).contains(replicated);
      assertThat(store.primary().known()).isFalse();
    } finally {
      one.start();
    }
  }

  /** A write retried while it answers unavailable, for at most ten seconds. */
  private Instance writeWhenPossible(String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return await(store.instances().createInstance(newInstance(name, nextId() + ".localhost")));
      } catch (StoreException e) {
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(StoreException.Kind.UNAVAILABLE);
        assertThat(System.nanoTime()).as("a write succeeds within 10 s: " + e.getMessage()).isLessThan(deadline);
      }
    }
  }

  /** Another gateway writing on {@code server} is heard: the change feed listens where the writes are. */
  private void heardFromAnotherProcessOn(TestPostgres server) throws InterruptedException {
    KeygateStore other = await(PostgresStore.open(vertx, options(server.uri())));
    try {
      String marker = "marker-" + nextId();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String told = null;
      while (!marker.equals(told)) {
        // revoked again until heard: the feed may still be on its way to the new primary when the first is sent
        await(other.revocations().revokeToken(new RevokedToken("none", marker, Instant.now().plusSeconds(60))));
        do {
          told = heard.poll(200, TimeUnit.MILLISECONDS);
        } while (told != null && !told.equals(marker));
        assertThat(System.nanoTime()).as("heard from the other process within 10 s").isLessThan(deadline);
      }
    } finally {
      await(other.close());
    }
  }

  private String bothReadWrite() {
    return "postgresql://postgres:postgres@localhost:" + one.port() + ",localhost:" + two.port()
        + "/postgres?target_session_attrs=read-write";
  }

  private PostgresStoreOptions options(String uri) {
    return PostgresStoreOptions.of(uri).withSchema(schema).withPoolSize(4).withTimeoutMs(TIMEOUT_MS);
  }

  private long instances(TestPostgres server, String id) {
    return admin(server, "SELECT count(*) FROM " + schema + ".instances WHERE id = $1", Tuple.of(id));
  }

  private void readOnly(TestPostgres server, boolean readOnly) {
    admin(server, "ALTER SYSTEM SET default_transaction_read_only = " + (readOnly ? "on" : "off"), Tuple.tuple());
    admin(server, "SELECT pg_reload_conf()::int", Tuple.tuple());
  }

  private void terminateKeygateConnections(TestPostgres server) {
    admin(server, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'keygate'",
        Tuple.tuple());
  }

  /** One statement on {@code server} over a connection of its own; the first column of the first row, if a number. */
  private long admin(TestPostgres server, String sql, Tuple params) {
    PgConnection admin = await(PgConnection.connect(vertx, PgConnectOptions.fromUri(server.uri())
        .addProperty("application_name", "test-admin")));
    try {
      var rows = params.size() == 0 ? await(admin.query(sql).execute()) : await(admin.preparedQuery(sql)
          .execute(params));
      return rows.iterator().hasNext() && rows.iterator().next().getValue(0) instanceof Number n ? n.longValue() : 0;
    } finally {
      await(admin.close());
    }
  }
}
