package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.CredentialChangeFeed;
import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Project;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL ends the store's connections (a restart, {@code pg_terminate_backend}): each dropped connection is one
 * WARN line in the log format, never a stack trace printed beside the log. The server is this class's own, so that
 * terminating every Keygate connection on it touches no other test's store.
 */
class DroppedConnectionTest {

  /** The test log's format (logback-test.xml): time, level, logger, message. */
  private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\S+ - .*");
  private static final String TERMINATE_KEYGATE = """
      SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'keygate'""";

  @TempDir
  static Path data;
  private static TestPostgres server;

  private final String schema = TestPostgres.newSchemaName();
  private Vertx vertx;
  private KeygateStore store;
  private PgConnection admin;
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  @BeforeAll
  static void startServer() {
    server = TestPostgres.dedicated(data.resolve("pg"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = await(PostgresStore.open(vertx, PostgresStoreOptions.of(server.uri()).withSchema(schema)
        .withPoolSize(2).withTimeoutMs(10_000)));
    store.changeFeed().onCredentialChange(heard::add);
    admin = await(PgConnection.connect(vertx, PgConnectOptions.fromUri(server.uri())
        .addProperty("application_name", "test-admin")));
  }

  @AfterEach
  void close() {
    await(admin.close());
    await(store.close());
    await(vertx.close());
  }

  @Test
  void terminatedIdleConnectionsAreOneWarnLineAndTheStoreCarriesOn() throws Exception {
    NewInstance setup = newInstance("dropped", nextId() + ".localhost");
    Instance instance = await(store.instances().createInstance(setup));
    heard.clear();

    List<String> printed = printedWhile(() -> {
      await(admin.query(TERMINATE_KEYGATE).execute());
      awaitListeningAgain();
    });

    // the change feed's connection is the one in use; the pool's idle ones go quietly and are replaced
    assertThat(warnings(printed)).singleElement().asString()
        .contains("change feed").contains("terminating connection due to administrator command");
    assertThat(await(store.instances().instance(instance.id()))).contains(instance);
  }

  @Test
  void aConnectionTerminatedInsideATransactionIsOneWarnLineToo() throws Exception {
    NewInstance setup = newInstance("dropped-tx", nextId() + ".localhost");
    Instance instance = await(store.instances().createInstance(setup));
    heard.clear();
    // the instance row locked elsewhere, so that the store's write waits inside its transaction
    Transaction lock = await(admin.begin());
    await(admin.preparedQuery("SELECT id FROM " + schema + ".instances WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(instance.id())));

    List<String> printed = printedWhile(() -> {
      Future<Project> waiting = store.projects().createProject(project(instance.id(), setup.firstOrg().id(), "p"),
          CHANGE);
      awaitAKeygateBackendWaitingForALock();
      await(admin.query(TERMINATE_KEYGATE).execute());
      awaitFailure(waiting);
      awaitListeningAgain();
    });
    await(lock.rollback());

    assertThat(warnings(printed)).hasSize(2).anySatisfy(line -> assertThat(line).contains("change feed"))
        .anySatisfy(line -> assertThat(line).contains("during a transaction"))
        .allSatisfy(line -> assertThat(line).contains("terminating connection due to administrator command"));
  }

  /** The store's lines at WARN, after checking that everything printed is a line of the log format. */
  private static List<String> warnings(List<String> printed) {
    assertThat(printed).as("printed beside the log (a stack trace?)")
        .allMatch(line -> LOG_LINE.matcher(line).matches());
    return printed.stream().filter(line -> line.contains(" WARN ") && line.contains("DroppedConnections")).toList();
  }

  private void awaitListeningAgain() throws InterruptedException {
    String told;
    do {
      told = heard.poll(20, TimeUnit.SECONDS);
    } while (told != null && !told.equals(CredentialChangeFeed.EVERYTHING));
    assertThat(told).as("the change feed subscribed again").isEqualTo(CredentialChangeFeed.EVERYTHING);
  }

  private void awaitAKeygateBackendWaitingForALock() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (await(admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'keygate' "
        + "AND wait_event_type = 'Lock'").execute()).size() == 0) {
      assertThat(System.nanoTime()).as("a store connection waits for the lock").isLessThan(deadline);
    }
  }

  private static void awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception expected) {
      return;
    }
    throw new AssertionError("the write whose connection was terminated succeeded");
  }

  interface Action {
    void run() throws Exception;
  }

  /** What the process writes on standard output and standard error (the console log included) during {@code action}. */
  private static List<String> printedWhile(Action action) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      action.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    err.print(text); // still shown in the test's output
    return text.lines().filter(line -> !line.isBlank()).toList();
  }
}
