package dev.keygate.gateway;

import static dev.keygate.gateway.testing.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.store.ApiApp;
import dev.keygate.store.Change;
import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Project;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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
  void theMemoryStoreKeepsAsManyEventsAsTheConfigurationSays(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("keygate.json");
    Files.writeString(file, new JsonObject().put(KeygateConfig.STORE, "memory")
        .put("KEYGATE_MEMORY_EVENTS_KEPT", 1000).encode());
    KeygateStore store = await(StoreFactory.create(vertx, await(KeygateConfig.load(vertx, file.toString()))));
    try {
      Change change = new Change("actor", Instant.now());
      Instance instance = new Instance("100000000000000001", "events", "100000000000000002",
          List.of(new Instance.Domain("events.localhost", true, true)), change.at(), change.at(), 0);
      await(store.instances().createInstance(new NewInstance(instance,
          new Organization(instance.id(), instance.firstOrgId(), "events", change.at(), change.at(), 0), null, null,
          null, change)));
      Project project = await(store.projects().createProject(new Project(instance.id(), instance.firstOrgId(),
          "100000000000000003", "p", false, false, false, change.at(), change.at(), 0), change));
      // the log drops its oldest events a chunk of 4,096 at a time, so it takes more than a chunk to see the bound
      for (int i = 0; i < 5_000; i++) {
        await(store.apiApps().createApiApp(new ApiApp(instance.id(), instance.firstOrgId(), project.id(),
            Long.toString(200_000_000_000_000_000L + i), "app-" + i, "client-" + i, ApiApp.AuthMethod.BASIC,
            "hash-" + i, change.at(), change.at(), 0), change));
      }

      assertThat(await(store.events().events(instance.id(), project.id())).size()).as("events kept")
          .isLessThanOrEqualTo(1000);
    } finally {
      await(store.close());
    }
  }

  @Test
  void anUnknownStoreIsRefused(Vertx vertx, VertxTestContext ctx) {
    refused(vertx, ctx, new JsonObject().put(KeygateConfig.STORE, "mongo"),
        failure -> assertThat(failure).hasMessageContaining("memory or postgres"));
  }
}
