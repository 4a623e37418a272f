package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.StoreContract;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The base of the PostgreSQL store's contract tests (one class per area, each implementing its area's contract): a
 * fresh store in a schema of its own on the shared test server for every test, closed with its Vert.x after it. The
 * build runs them twice: on the server's URI, and on a multi-host URI whose first host is read-only
 * ({@link TestPostgres#contractStore()}), tagged {@code store-contract} for that second run.
 */
@Tag("store-contract")
abstract class FreshPostgresStore implements StoreContract {

  private Vertx vertx;
  private KeygateStore store;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = await(PostgresStore.open(vertx, TestPostgres.contractStore()));
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

  /**
   * This process hears its own changes twice: told at once, and again when the database delivers their
   * notifications, which it does in commit order. So once a marker announced now has come back through the database,
   * every earlier change has too.
   */
  @Override
  public void awaitAnnouncedChanges() {
    String marker = "marker-" + nextId();
    CountDownLatch twice = new CountDownLatch(2);
    store.changeFeed().onCredentialChange(id -> {
      if (id.equals(marker)) {
        twice.countDown();
      }
    });
    await(store.revocations().revokeToken(new RevokedToken("none", marker, Instant.now().plusSeconds(60))));
    try {
      assertThat(twice.await(10, TimeUnit.SECONDS)).as("the marker came back through the database").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
