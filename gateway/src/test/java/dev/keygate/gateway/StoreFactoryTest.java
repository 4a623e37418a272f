package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.SingleStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Choosing PostgreSQL by configuration, and the messages an operator gets when the configuration is not right. Each
 * test names its store in its own configuration, so the store of the run does not reach it.
 */
@SingleStore
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class StoreFactoryTest {

  /** Opens the store {@code settings} name, expecting it to fail, and hands the failure to {@code check}. */
  private static void refused(Vertx vertx, VertxTestContext ctx, JsonObject settings, Consumer<Throwable> check) {
    StoreFactory.create(vertx, new KeygateConfig(KeygateConfig.defaults().mergeIn(settings)))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          check.accept(failure);
          ctx.completeNow();
        })));
  }

  @Test
  void postgresWithoutAUriSaysWhatIsMissing(Vertx vertx, VertxTestContext ctx) {
    refused(vertx, ctx, new JsonObject().put(KeygateConfig.STORE, "postgres"),
        failure -> assertThat(failure).hasMessageContaining("KEYGATE_PG_URI"));
  }

  @Test
  void anUnsafeSchemaNameIsRefused(Vertx vertx, VertxTestContext ctx) {
    refused(vertx, ctx, new JsonObject().put(KeygateConfig.STORE, "postgres")
            .put(KeygateConfig.PG_URI, "postgresql://u:p@localhost:1/db").put(KeygateConfig.PG_SCHEMA, "x; DROP"),
        failure -> assertThat(failure).hasMessageContaining("schema"));
  }

  @Test
  void anUnreachableDatabaseFailsTheStartWithoutShowingThePassword(Vertx vertx, VertxTestContext ctx) {
    refused(vertx, ctx, new JsonObject().put(KeygateConfig.STORE, "postgres")
        .put(KeygateConfig.PG_URI, "postgresql://keygate:s3cret-pw@127.0.0.1:1/keygate")
        .put(KeygateConfig.PG_TIMEOUT_MS, 2000), failure -> {
          assertThat(failure)
              .hasMessageContaining("cannot open the PostgreSQL store at postgresql://keygate:***@127.0.0.1:1");
          assertThat(failure.getMessage()).doesNotContain("s3cret-pw");
        });
  }

  @Test
  void anUnknownStoreIsRefused(Vertx vertx, VertxTestContext ctx) {
    refused(vertx, ctx, new JsonObject().put(KeygateConfig.STORE, "mongo"),
        failure -> assertThat(failure).hasMessageContaining("memory or postgres"));
  }
}
