package dev.keygate.store.postgres.testing;

import dev.keygate.store.postgres.PostgresStoreOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server that tests start for themselves (zonky's embedded binaries, unpacked under target/): no
 * server needs to be installed or running. One shared server serves a whole test JVM; every store gets a schema of
 * its own, so tests never see each other's rows. Tests that stop and start the server get a dedicated one.
 */
public final class TestPostgres implements AutoCloseable {

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static TestPostgres shared;

  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres server;

  private TestPostgres(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** The server shared by the tests of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = new TestPostgres(null, 0);
      shared.start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-postgres-stop"));
    }
    return shared;
  }

  /**
   * A server of its own, which the test may {@link #stop()} and {@link #start()} again: same data directory, same
   * port, so clients find it again and nothing written before the stop is lost.
   */
  public static TestPostgres dedicated(Path dataDirectory) {
    TestPostgres postgres = new TestPostgres(dataDirectory, 0);
    postgres.start();
    return new TestPostgres(dataDirectory, postgres.port()).adopt(postgres.server);
  }

  private TestPostgres adopt(EmbeddedPostgres running) {
    this.server = running;
    return this;
  }

  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")           // tests do not survive power cuts; a clean stop still flushes
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "300");
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      if (port != 0) {
        builder.setPort(port);
      }
      server = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
  }

  /** A clean shutdown: connections are cut, committed data is kept. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public int port() {
    return server != null ? server.getPort() : port;
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
