package dev.keygate.store.postgres.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.keygate.store.postgres.PostgresStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server that tests start for themselves (zonky's embedded binaries, unpacked under target/): no
 * server needs to be installed or running. One shared server serves a whole test JVM; every store gets a schema of
 * its own, so tests never see each other's rows. Tests that stop and start the server get a dedicated one.
 */
public final class TestPostgres implements AutoCloseable {

  /** Where the embedded servers of a module's tests write their log: {@code target/embedded-postgres.log}. */
  public static final Path SERVER_LOG = Path.of("target", "embedded-postgres.log").toAbsolutePath();

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static TestPostgres shared;
  private static TestPostgres sharedReadOnly;

  private final Path dataDirectory;
  private final boolean unprivileged;
  private final boolean durable;
  /** The server's certificate and key (PEM) when it serves TLS, else null. */
  private final Path tlsCert;
  private final Path tlsKey;
  private int port;
  private EmbeddedPostgres zonky;
  private UnprivilegedPostgres fallback;
  private boolean running;

  private TestPostgres(Path dataDirectory, boolean unprivileged, boolean durable) {
    this(dataDirectory, unprivileged, durable, null, null);
  }

  private TestPostgres(Path dataDirectory, boolean unprivileged, boolean durable, Path tlsCert, Path tlsKey) {
    this.dataDirectory = dataDirectory;
    this.unprivileged = unprivileged;
    this.durable = durable;
    this.tlsCert = tlsCert;
    this.tlsKey = tlsKey;
  }

  /** A dedicated server that also takes TLS connections, with this certificate and key (PEM files). */
  public static TestPostgres dedicatedTls(Path certificate, Path key) {
    TestPostgres postgres = new TestPostgres(null, false, false, certificate, key);
    postgres.start();
    return postgres;
  }

  /** The server shared by the tests of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = new TestPostgres(null, false, false);
      shared.start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-postgres-stop"));
    }
    return shared;
  }

  /**
   * A server of its own, which the test may {@link #stop()} and {@link #start()} again: same data, same port, so
   * clients find it again and nothing committed before the stop is lost.
   */
  public static TestPostgres dedicated(Path dataDirectory) {
    TestPostgres postgres = new TestPostgres(dataDirectory, false, false);
    postgres.start();
    return postgres;
  }

  /**
   * A dedicated server with PostgreSQL's durability left on ({@code fsync}, {@code synchronous_commit},
   * {@code full_page_writes}), for tests of what an acknowledged commit survives and for measurements of what a
   * commit costs: the other servers turn it off to keep the suite fast.
   */
  public static TestPostgres dedicatedDurable(Path dataDirectory) {
    TestPostgres postgres = new TestPostgres(dataDirectory, false, true);
    postgres.start();
    return postgres;
  }

  /**
   * A second shared server on which every session is read-only ({@code default_transaction_read_only}), as on a
   * standby or on a node an HA manager has promoted but not yet opened for writes: listed before the writable one in
   * a multi-host URI, it is the host a store following the primary must pass over.
   */
  public static synchronized TestPostgres sharedReadOnly() {
    if (sharedReadOnly == null) {
      sharedReadOnly = new TestPostgres(null, false, false);
      sharedReadOnly.start();
      Runtime.getRuntime().addShutdownHook(new Thread(sharedReadOnly::stop, "test-postgres-read-only-stop"));
      Vertx vertx = Vertx.vertx();
      try {
        PgConnection admin = PgConnection.connect(vertx, PgConnectOptions.fromUri(sharedReadOnly.uri()))
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        admin.query("ALTER SYSTEM SET default_transaction_read_only = on").execute()
            .compose(set -> admin.query("SELECT pg_reload_conf()").execute())
            .eventually(admin::close)
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot make the second test server read-only", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        vertx.close();
      }
    }
    return sharedReadOnly;
  }

  /**
   * Options for a store in a schema nobody else uses, on a URI as the contract tests of this run take it: the shared
   * server's own, or, with {@code -Dkeygate.test.pg.multi-host=true}, a multi-host URI that lists the
   * {@link #sharedReadOnly() read-only server} first and asks for a session that can write.
   */
  public static PostgresStoreOptions contractStore() {
    PostgresStoreOptions fresh = shared().freshStore();
    if (!Boolean.getBoolean("keygate.test.pg.multi-host")) {
      return fresh;
    }
    String uri = "postgresql://postgres:postgres@localhost:" + sharedReadOnly().port() + ",localhost:"
        + shared().port() + "/postgres?target_session_attrs=read-write";
    return new PostgresStoreOptions(uri, fresh.schema(), fresh.poolSize(), fresh.timeoutMs(), fresh.sslRootCert());
  }

  /** A dedicated server started the way {@link UnprivilegedPostgres} does, to keep that fallback tested. */
  public static TestPostgres dedicatedUnprivileged() {
    shared(); // has zonky unpack its binaries, which the fallback prefers to the system's
    TestPostgres postgres = new TestPostgres(null, true, false);
    postgres.start();
    return postgres;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    if (fallback == null && !unprivileged) {
      try {
        startZonky();
        running = true;
        return;
      } catch (RuntimeException | IOException e) {
        // e.g. "initdb: cannot be run as root" where user namespaces are not allowed; the fallback says if it fails too
        System.err.println("TestPostgres: zonky could not start PostgreSQL (" + e.getMessage()
            + "); starting the binaries as an unprivileged user instead");
      }
    }
    if (fallback == null) {
      fallback = UnprivilegedPostgres.create(port, durable, tlsCert, tlsKey);
    }
    fallback.start();
    port = fallback.port();
    running = true;
  }

  private void startZonky() throws IOException {
    String durability = durable ? "on" : "off"; // tests do not survive power cuts; a clean stop still flushes
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setServerConfig("fsync", durability)
        .setServerConfig("synchronous_commit", durability)
        .setServerConfig("full_page_writes", durability)
        .setServerConfig("max_connections", "300");
    if (tlsCert != null) {
      builder.setServerConfig("ssl", "on").setServerConfig("ssl_cert_file", tlsCert.toString())
          .setServerConfig("ssl_key_file", tlsKey.toString());
    }
    // the server's own log (errors that tests provoke on purpose among them) goes to a file, not the build's output
    Files.createDirectories(SERVER_LOG.getParent());
    builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(SERVER_LOG.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(SERVER_LOG.toFile()));
    if (dataDirectory != null) {
      builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    }
    if (port != 0) {
      builder.setPort(port);
    }
    zonky = builder.start();
    port = zonky.getPort();
  }

  /** A clean shutdown: connections are cut, committed data is kept. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    if (fallback != null) {
      fallback.stop();
      return;
    }
    try {
      zonky.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      zonky = null;
    }
  }

  /**
   * A crash of the server: {@code pg_ctl stop -m immediate} quits every server process at once, without a checkpoint
   * and without writing what is not yet on disk, so {@link #start()} recovers from the write-ahead log as after a
   * power cut. Only for a dedicated server, whose data directory is known.
   */
  public synchronized void crash() {
    if (!running) {
      return;
    }
    running = false;
    if (fallback != null) {
      fallback.crash();
      return;
    }
    if (dataDirectory == null) {
      throw new IllegalStateException("only a dedicated server can be crashed");
    }
    UnprivilegedPostgres.immediateStop(dataDirectory);
    // zonky's close releases its lock on the data directory; its own stop then finds no server and logs that as an
    // ERROR, which in a crash test is the expected outcome, not a failure worth a line in the build's output
    Logger zonkyLog = (Logger) LoggerFactory.getLogger(EmbeddedPostgres.class);
    Level level = zonkyLog.getLevel();
    zonkyLog.setLevel(Level.OFF);
    try {
      zonky.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      zonkyLog.setLevel(level);
      zonky = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "postgresql://postgres:postgres@localhost:" + port() + "/postgres";
  }

  /** Options for a store in a schema nobody else uses. */
  public PostgresStoreOptions freshStore() {
    return PostgresStoreOptions.of(uri()).withSchema(newSchemaName()).withPoolSize(4).withTimeoutMs(10_000);
  }

  public static String newSchemaName() {
    return "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }
}
