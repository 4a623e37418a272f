package dev.keygate.store.memory;

import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreUsage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many bytes of heap the store may hold, and how many it holds by its own count ({@link Weights}): a write that
 * would add to the store is refused (RESOURCE_EXHAUSTED) once what it adds, and the event it appends, would pass the
 * limit; removals are never refused and give their bytes back. Counting instead of asking the heap keeps the check a
 * compare-and-set, gives the same answer on every event loop, and makes a delete free room at once (a heap reading
 * would change only after the next collection and includes garbage and the gateway's caches).
 *
 * <p>Two warnings, each logged once: 80 % full, and the first refusal. Both are logged again only after the store
 * fell below 70 %, so that a store hovering at either line does not flood the log.
 */
final class Capacity implements StoreUsage {

  /** What a store gets without a setting: room left in the heap for the gateway itself, then half of the rest. */
  static final long GATEWAY_RESERVE = 96L << 20;
  static final long SMALLEST_DEFAULT = 16L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(Capacity.class);
  private static final double WARN_AT = 0.8;
  private static final double REARM_BELOW = 0.7;

  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicBoolean refusing = new AtomicBoolean();

  Capacity(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("the memory store's capacity must be positive, was " + limit);
    }
    this.limit = limit;
  }

  /**
   * The default for a JVM with this maximum heap: the gateway keeps {@link #GATEWAY_RESERVE} (Vert.x, the compiled
   * contracts, two caches of 100,000 entries), and of the rest the store takes half, since G1 needs free regions to
   * collect into and every request leaves garbage; never less than {@link #SMALLEST_DEFAULT}.
   */
  static long defaultFor(long maxHeap) {
    return Math.max(SMALLEST_DEFAULT, (maxHeap - GATEWAY_RESERVE) / 2);
  }

  /**
   * Counts {@code bytes} more, or fails RESOURCE_EXHAUSTED (counting nothing) when they and one event would pass the
   * limit. {@code bytes} may be 0: a write that only appends its event still needs room for it.
   */
  void admit(Entity entity, long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes + Weights.EVENT > limit) {
        if (refusing.compareAndSet(false, true)) {
          LOG.warn("memory store full: {} of {} bytes held, writes that add to it are refused until something is "
              + "removed (KEYGATE_MEMORY_CAPACITY)", now, limit);
        }
        throw StoreException.exhausted(entity);
      }
    } while (!used.compareAndSet(now, now + bytes));
    warnIfFull(now + bytes);
  }

  /** Counts what a write adds that is never refused (the event of a removal). */
  void charge(long bytes) {
    warnIfFull(used.addAndGet(bytes));
  }

  /** Gives back what a removal frees. */
  void release(long bytes) {
    long now = used.addAndGet(-bytes);
    if (now < limit * REARM_BELOW && (warned.get() || refusing.get())) {
      warned.set(false);
      refusing.set(false);
    }
  }

  private void warnIfFull(long now) {
    if (now >= limit * WARN_AT && !warned.get() && warned.compareAndSet(false, true)) {
      LOG.warn("memory store {} % full: {} of {} bytes held; at 100 % writes that add to it are refused "
          + "(KEYGATE_MEMORY_CAPACITY)", Math.round(100.0 * now / limit), now, limit);
    }
  }

  @Override
  public long usedBytes() {
    return used.get();
  }

  @Override
  public long capacityBytes() {
    return limit;
  }
}
