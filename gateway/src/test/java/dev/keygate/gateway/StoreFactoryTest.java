package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Choosing PostgreSQL by configuration, and the messages an operator gets when the configuration is not right. Each
 * test names its store in its own configuration, so the store of the run does not reach it.
 */
@SingleStore
class StoreFactoryTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Throwable failureOf(JsonObject settings) throws Exception {
    Future<KeygateStore> store = StoreFactory.create(vertx,
        new KeygateConfig(KeygateConfig.defaults().mergeIn(settings)));
    try {
      store.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the store opened");
  }

  @Test
  void postgresWithoutAUriSaysWhatIsMissing() throws Exception {
    assertThat(failureOf(new JsonObject().put(KeygateConfig.STORE, "postgres")))
        .hasMessageContaining("KEYGATE_PG_URI");
  }

  @Test
  void anUnsafeSchemaNameIsRefused() throws Exception {
    assertThat(failureOf(new JsonObject().put(KeygateConfig.STORE, "postgres")
        .put(KeygateConfig.PG_URI, "postgresql://u:p@localhost:1/db").put(KeygateConfig.PG_SCHEMA, "x; DROP")))
        .hasMessageContaining("schema");
  }

  @Test
  void anUnreachableDatabaseFailsTheStartWithoutShowingThePassword() throws Exception {
    Throwable failure = failureOf(new JsonObject().put(KeygateConfig.STORE, "postgres")
        .put(KeygateConfig.PG_URI, "postgresql://keygate:s3cret-pw@127.0.0.1:1/keygate")
        .put(KeygateConfig.PG_TIMEOUT_MS, 2000));
    assertThat(failure)
        .hasMessageContaining("cannot open the PostgreSQL store at postgresql://keygate:***@127.0.0.1:1");
    assertThat(failure.getMessage()).doesNotContain("s3cret-pw");
  }

  @Test
  void anUnknownStoreIsRefused() throws Exception {
    assertThat(failureOf(new JsonObject().put(KeygateConfig.STORE, "mongo")))
        .hasMessageContaining("memory or postgres");
  }
}
