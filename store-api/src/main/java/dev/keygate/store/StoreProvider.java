package dev.keygate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Function;

/**
 * How a store implementation makes itself known: each store module lists its provider in
 * {@code META-INF/services/dev.keygate.store.StoreProvider}, and the gateway picks the one whose {@link #kind()} the
 * configuration names ({@code KEYGATE_STORE}), so the gateway never names an implementation class.
 */
public interface StoreProvider {

  /**
   * A configuration key the store reads, declared where the store reads it: the gateway's configuration lets through
   * the keys of every store on the class path (and only those besides its own), starts from their defaults, and
   * refuses to start on a whole-number key whose value is not one.
   *
   * @param defaultValue  the value when none is configured; {@code null}: none (the key is required, or the store
   *                      works its default out when it opens)
   * @param wholeNumber   whether the value must be a whole number
   */
  record Setting(String key, Object defaultValue, boolean wholeNumber) {

    public static Setting text(String key, String defaultValue) {
      return new Setting(key, defaultValue, false);
    }

    public static Setting wholeNumber(String key, long defaultValue) {
      return new Setting(key, defaultValue, true);
    }
  }

  /** The value of {@code KEYGATE_STORE} that selects this store, e.g. {@code memory}. */
  String kind();

  /** Every configuration key {@link #open} reads, with its default. */
  List<Setting> settings();

  /**
   * Opens the store. {@code settings} answers a configuration key (e.g. {@code KEYGATE_PG_URI}) with its value, or
   * {@code null} when it is not set. Fails with {@link IllegalArgumentException} on settings it cannot use.
   */
  Future<KeygateStore> open(Vertx vertx, Function<String, String> settings);
}
