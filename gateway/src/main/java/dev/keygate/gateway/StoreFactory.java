package dev.keygate.gateway;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.memory.MemoryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The one place that names store implementations: {@code KEYGATE_STORE} chooses. */
final class StoreFactory {

  private StoreFactory() {}

  static Future<KeygateStore> create(Vertx vertx, KeygateConfig config) {
    String kind = config.string(KeygateConfig.STORE);
    return switch (kind == null ? "memory" : kind) {
      case "memory" -> Future.succeededFuture(new MemoryStore());
      case "postgres" -> Future.failedFuture(new IllegalArgumentException(
          "KEYGATE_STORE=postgres is not available in this build yet; use memory"));
      default -> Future.failedFuture(new IllegalArgumentException(
          "KEYGATE_STORE must be memory or postgres, was '" + kind + "'"));
    };
  }
}
