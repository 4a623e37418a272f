package dev.keygate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * How a store implementation makes itself known: each store module lists its provider in
 * {@code META-INF/services/dev.keygate.store.StoreProvider}, and the gateway picks the one whose {@link #kind()} the
 * configuration names ({@code KEYGATE_STORE}), so the gateway never names an implementation class.
 */
public interface StoreProvider {

  /** The value of {@code KEYGATE_STORE} that selects this store, e.g. {@code memory}. */
  String kind();

  /**
   * Opens the store. {@code settings} answers a configuration key (e.g. {@code KEYGATE_PG_URI}) with its value, or
   * {@code null} when it is not set. Fails with {@link IllegalArgumentException} on settings it cannot use.
   */
  Future<KeygateStore> open(Vertx vertx, Function<String, String> settings);
}
