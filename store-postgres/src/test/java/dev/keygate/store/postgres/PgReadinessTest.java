package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreException;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the PostgreSQL store is not ready: the database away (within the timeout), or the schema behind this build. */
class PgReadinessTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void aSchemaMissingAMigrationOfThisBuildIsNotReady() {
    PostgresStoreOptions options = TestPostgres.shared().freshStore();
    KeygateStore store = await(PostgresStore.open(vertx, options));
    try {
      await(store.ready());
      Pool admin = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(options.uri())).using(vertx).build();
      await(admin.query("DELETE FROM " + options.schema() + ".keygate_migrations WHERE version = (SELECT max(version) "
          + "FROM " + options.schema() + ".keygate_migrations)").execute());
      await(admin.close());

      assertThatThrownBy(() -> await(store.ready())).isInstanceOfSatisfying(StoreException.class, e -> {
        assertThat(e.kind()).isEqualTo(StoreException.Kind.PRECONDITION_FAILED);
        assertThat(e.getMessage()).contains("schema not current");
      });
    } finally {
      await(store.close());
    }
  }

  @Test
  void aStoppedDatabaseIsNotReadyWithinTheTimeoutAndReadyAgainWhenBack(@TempDir Path data) {
    try (TestPostgres server = TestPostgres.dedicated(data.resolve("pg"))) {
      KeygateStore store = await(PostgresStore.open(vertx,
          PostgresStoreOptions.of(server.uri()).withPoolSize(2).withTimeoutMs(1_000)));
      try {
        await(store.ready());
        server.stop();
        long started = System.nanoTime();
        assertThatThrownBy(() -> await(store.ready())).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);

        server.start();
        await(store.ready());
      } finally {
        await(store.close());
      }
    }
  }
}
