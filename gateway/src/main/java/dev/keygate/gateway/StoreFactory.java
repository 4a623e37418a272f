package dev.keygate.gateway;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.memory.MemoryStore;
import dev.keygate.store.postgres.PostgresStore;
import dev.keygate.store.postgres.PostgresStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The one place that names store implementations: {@code KEYGATE_STORE} chooses. */
final class StoreFactory {

  private StoreFactory() {}

  static Future<KeygateStore> create(Vertx vertx, KeygateConfig config) {
    String kind = config.string(KeygateConfig.STORE);
    return switch (kind == null ? "memory" : kind) {
      case "memory" -> Future.succeededFuture(new MemoryStore());
      case "postgres" -> postgres(vertx, config);
      default -> Future.failedFuture(new IllegalArgumentException(
          "KEYGATE_STORE must be memory or postgres, was '" + kind + "'"));
    };
  }

  private static Future<KeygateStore> postgres(Vertx vertx, KeygateConfig config) {
    if (!config.has(KeygateConfig.PG_URI)) {
      return Future.failedFuture(new IllegalArgumentException(
          "KEYGATE_STORE=postgres needs KEYGATE_PG_URI=postgresql://user:password@host:port/database"));
    }
    PostgresStoreOptions options;
    try {
      options = new PostgresStoreOptions(config.string(KeygateConfig.PG_URI), config.string(KeygateConfig.PG_SCHEMA),
          config.integer(KeygateConfig.PG_POOL_SIZE), config.integer(KeygateConfig.PG_TIMEOUT_MS));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return PostgresStore.open(vertx, options);
  }
}
