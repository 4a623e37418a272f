package dev.keygate.store.postgres;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Function;

/**
 * {@code KEYGATE_STORE=postgres}: connects with {@code KEYGATE_PG_URI}, and optionally {@code KEYGATE_PG_SCHEMA},
 * {@code KEYGATE_PG_POOL_SIZE}, {@code KEYGATE_PG_TIMEOUT_MS} and {@code KEYGATE_PG_SSL_ROOT_CERT}; migrates the
 * schema before it answers.
 */
public final class PostgresStoreProvider implements StoreProvider {

  public static final String URI = "KEYGATE_PG_URI";
  public static final String SCHEMA = "KEYGATE_PG_SCHEMA";
  public static final String POOL_SIZE = "KEYGATE_PG_POOL_SIZE";
  public static final String TIMEOUT_MS = "KEYGATE_PG_TIMEOUT_MS";
  public static final String SSL_ROOT_CERT = "KEYGATE_PG_SSL_ROOT_CERT";
  private static final List<Setting> SETTINGS = List.of(Setting.text(URI, null),
      Setting.text(SCHEMA, PostgresStoreOptions.DEFAULT_SCHEMA),
      Setting.wholeNumber(POOL_SIZE, PostgresStoreOptions.DEFAULT_POOL_SIZE),
      Setting.wholeNumber(TIMEOUT_MS, PostgresStoreOptions.DEFAULT_TIMEOUT_MS),
      Setting.text(SSL_ROOT_CERT, null));

  @Override
  public String kind() {
    return "postgres";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public Future<KeygateStore> open(Vertx vertx, Function<String, String> settings) {
    String uri = settings.apply(URI);
    if (uri == null || uri.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException(
          "KEYGATE_STORE=postgres needs " + URI + "=postgresql://user:password@host:port/database"));
    }
    PostgresStoreOptions options;
    try {
      options = new PostgresStoreOptions(uri, or(settings.apply(SCHEMA), PostgresStoreOptions.DEFAULT_SCHEMA),
          number(settings, POOL_SIZE, PostgresStoreOptions.DEFAULT_POOL_SIZE),
          number(settings, TIMEOUT_MS, PostgresStoreOptions.DEFAULT_TIMEOUT_MS),
          or(settings.apply(SSL_ROOT_CERT), null));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return PostgresStore.open(vertx, options);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int number(Function<String, String> settings, String key, long fallback) {
    String value = settings.apply(key);
    if (value == null || value.isBlank()) {
      return (int) fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
    }
  }
}
