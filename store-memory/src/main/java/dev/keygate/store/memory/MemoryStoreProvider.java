package dev.keygate.store.memory;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code KEYGATE_STORE=memory} (the default): a new, empty store in the heap, holding at most
 * {@code KEYGATE_MEMORY_CAPACITY} bytes by its own count (a number, optionally with {@code k}, {@code m} or {@code g});
 * without it, a share of the maximum heap ({@link Capacity#defaultFor}). Each instance keeps its newest
 * {@code KEYGATE_MEMORY_EVENTS_KEPT} events (default about 100,000; {@link EventLog}).
 */
public final class MemoryStoreProvider implements StoreProvider {

  public static final String CAPACITY = "KEYGATE_MEMORY_CAPACITY";
  public static final String EVENTS_KEPT = "KEYGATE_MEMORY_EVENTS_KEPT";
  /** The capacity's default depends on the heap, so it is worked out when the store opens. */
  private static final List<Setting> SETTINGS = List.of(Setting.text(CAPACITY, null),
      Setting.wholeNumber(EVENTS_KEPT, MemoryStore.DEFAULT_EVENTS_KEPT));

  private static final Logger LOG = LoggerFactory.getLogger(MemoryStoreProvider.class);

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public Future<KeygateStore> open(Vertx vertx, Function<String, String> settings) {
    String capacity = settings.apply(CAPACITY);
    try {
      boolean byDefault = capacity == null || capacity.isBlank();
      long bytes = byDefault ? Capacity.defaultFor(Runtime.getRuntime().maxMemory()) : bytes(capacity);
      // once at start, so that an operator sees the limit before the first refusal
      LOG.info("memory store: capacity {} MiB ({})", bytes >> 20, byDefault
          ? "default for a maximum heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB" : CAPACITY);
      return Future.succeededFuture(MemoryStore.create(bytes, eventsKept(settings.apply(EVENTS_KEPT))));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private static int eventsKept(String value) {
    if (value == null || value.isBlank()) {
      return MemoryStore.DEFAULT_EVENTS_KEPT;
    }
    try {
      int events = Integer.parseInt(value.trim());
      if (events > 0) {
        return events;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(EVENTS_KEPT + " must be a positive number of events, was '" + value + "'");
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
