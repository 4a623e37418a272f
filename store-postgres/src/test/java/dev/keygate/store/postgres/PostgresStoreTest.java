package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.KeygateStoreContractTest;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;

/** The PostgreSQL store passes the whole store contract, unchanged, against a real server. */
class PostgresStoreTest extends KeygateStoreContractTest {

  @Override
  protected KeygateStore createStore(Vertx vertx) {
    return await(PostgresStore.open(vertx, TestPostgres.shared().freshStore()));
  }
}
