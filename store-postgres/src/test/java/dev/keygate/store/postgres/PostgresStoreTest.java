package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;

import dev.keygate.store.*;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Interim: the PostgreSQL store passes the whole store contract against a real server (to be split per area). */
class PostgresStoreTest implements InstanceStoreContract, UserStoreContract, ProjectStoreContract, ApiAppStoreContract,
    EcosystemStoreContract, CommerceApplicationStoreContract, CredentialLookupContract, RevocationStoreContract,
    CredentialChangeFeedContract, ServerKeyStoreContract {

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
