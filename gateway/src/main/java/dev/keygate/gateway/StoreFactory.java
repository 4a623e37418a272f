package dev.keygate.gateway;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Opens the store {@code KEYGATE_STORE} names. The implementations are found with {@link ServiceLoader} (each store
 * module registers a {@link StoreProvider}), so the gateway compiles against the SPI alone.
 */
final class StoreFactory {

  private StoreFactory() {}

  /** The stores on the class path, by kind; their settings are part of the configuration ({@link KeygateConfig}). */
  static SortedMap<String, StoreProvider> providers() {
    SortedMap<String, StoreProvider> providers = new TreeMap<>();
    ServiceLoader.load(StoreProvider.class).forEach(provider -> providers.put(provider.kind(), provider));
    return providers;
  }

  static Future<KeygateStore> create(Vertx vertx, KeygateConfig config) {
    String kind = config.has(KeygateConfig.STORE) ? config.string(KeygateConfig.STORE).trim() : "memory";
    SortedMap<String, StoreProvider> providers = providers();
    StoreProvider provider = providers.get(kind);
    if (provider == null) {
      return Future.failedFuture(new IllegalArgumentException(
          "KEYGATE_STORE must be " + String.join(" or ", providers.keySet()) + ", was '" + kind + "'"));
    }
    return provider.open(vertx, key -> config.has(key) ? config.string(key) : null);
  }
}
