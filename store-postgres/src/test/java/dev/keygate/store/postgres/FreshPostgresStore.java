package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreContract;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the PostgreSQL store's contract tests (one class per area, each implementing its area's contract): a
 * fresh store in a schema of its own on the shared test server for every test, closed with its Vert.x after it.
 */
abstract class FreshPostgresStore implements StoreContract {

  private Vertx vertx;
  private KeygateStore store;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = await(PostgresStore.open(vertx, TestPostgres.shared().freshStore()));
  }

  @AfterEach
  void close() {
    await(store.close());
    await(vertx.close());
  }

  @Override
  public KeygateStore store() {
    return store;
  }
}
