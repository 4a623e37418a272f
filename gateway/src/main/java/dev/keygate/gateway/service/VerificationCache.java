package dev.keygate.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Verified credentials (a PAT's owner, a secret's machine user, a client id's app, a key), kept by Caffeine with a
 * bounded size and lifetime, and dropped the moment the store reports a change of anything they depend on.
 *
 * <p>Invalidation is O(1) whatever the cache holds: each entry records the generation, at the time it was loaded, of
 * every id it depends on (instance, user, project, app, token id); a change increments that id's generation, and an
 * entry whose recorded generations differ is not used. Generations live in a fixed array of stripes indexed by the
 * id's hash: two ids sharing a stripe only cost an extra load, never a stale hit. A load that overlapped any change
 * is returned but not kept, so a value read before a change can never be cached after it.
 */
public final class VerificationCache {

  private static final int STRIPES = 1 << 12;

  private record Entry(Object value, int[] stripes, long[] generations) {}

  private final Cache<String, Entry> entries;
  private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
  private final AtomicLong changes = new AtomicLong();

  public VerificationCache(KeygateStore store, long maximumSize, Duration lifetime) {
    this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(lifetime)
        .executor(Runnable::run).build();
    store.onCredentialChange(this::changed);
  }

  void changed(String id) {
    changes.incrementAndGet();
    if (KeygateStore.EVERYTHING.equals(id)) {
      entries.invalidateAll();
    } else {
      generations.incrementAndGet(stripe(id));
    }
  }

  /**
   * The cached value of {@code key}, or {@code load}'s. {@code dependencies} names the ids the loaded value depends
   * on; null means "do not keep" (e.g. nothing found).
   */
  @SuppressWarnings("unchecked")
  public <T> Future<T> get(String key, Supplier<Future<T>> load, Function<T, List<String>> dependencies) {
    Entry entry = entries.getIfPresent(key);
    if (entry != null && isCurrent(entry)) {
      return Future.succeededFuture((T) entry.value());
    }
    long before = changes.get();
    return load.get().map(value -> {
      List<String> ids = value == null ? null : dependencies.apply(value);
      if (ids != null && changes.get() == before) {
        int[] stripes = new int[ids.size()];
        long[] seen = new long[ids.size()];
        for (int i = 0; i < stripes.length; i++) {
          stripes[i] = stripe(ids.get(i));
          seen[i] = generations.get(stripes[i]);
        }
        if (changes.get() == before) {
          entries.put(key, new Entry(value, stripes, seen));
        }
      }
      return value;
    });
  }

  private boolean isCurrent(Entry entry) {
    for (int i = 0; i < entry.stripes().length; i++) {
      if (generations.get(entry.stripes()[i]) != entry.generations()[i]) {
        return false;
      }
    }
    return true;
  }

  private static int stripe(String id) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
