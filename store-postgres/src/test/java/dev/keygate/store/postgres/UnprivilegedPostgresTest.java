package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/**
 * The test server's fallback (initdb and pg_ctl as uid 65534, for machines that forbid user namespaces) starts,
 * serves the store, and restarts with its data, so a CI machine without {@code unshare} still runs every test.
 */
class UnprivilegedPostgresTest {

  @Test
  void theFallbackServerServesTheStoreAndKeepsDataAcrossARestart() {
    Vertx vertx = Vertx.vertx();
    try (TestPostgres server = TestPostgres.dedicatedUnprivileged()) {
      KeygateStore store = await(PostgresStore.open(vertx, PostgresStoreOptions.of(server.uri()).withPoolSize(2)));
      Instance created = await(store.instances().createInstance(newInstance("fallback", nextId() + ".localhost")));
      server.stop();
      server.start();
      assertThat(await(store.instances().instance(created.id()))).contains(created);
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }
}
