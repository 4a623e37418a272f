package dev.keygate.store.memory;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code KEYGATE_STORE=memory} (the default): a new, empty store in the heap, holding at most
 * {@code KEYGATE_MEMORY_CAPACITY} bytes by its own count (a number, optionally with {@code k}, {@code m} or {@code g});
 * without it, a share of the maximum heap ({@link Capacity#defaultFor}).
 */
public final class MemoryStoreProvider implements StoreProvider {

  public static final String CAPACITY = "KEYGATE_MEMORY_CAPACITY";

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public Future<KeygateStore> open(Vertx vertx, Function<String, String> settings) {
    String capacity = settings.apply(CAPACITY);
    try {
      return Future.succeededFuture(capacity == null || capacity.isBlank() ? MemoryStore.create()
          : MemoryStore.create(bytes(capacity)));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** {@code 50000000}, {@code 512k}, {@code 64m}, {@code 1g}: bytes. */
  static long bytes(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    String digits = shift == 0 ? text : text.substring(0, text.length() - 1).trim();
    try {
      long number = Long.parseLong(digits);
      if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(CAPACITY + " must be a positive number of bytes, optionally with k, m or g "
          + "(e.g. 512m), was '" + value + "'");
    }
  }
}
