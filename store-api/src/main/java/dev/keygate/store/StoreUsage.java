package dev.keygate.store;

/**
 * How much a store holds against what it may hold, for metrics and health checks. Reading it is cheap (two counters);
 * the figures are the store's own accounting, not a measurement of the heap or the disk.
 */
public interface StoreUsage {

  /** A store without a limit of its own: nothing counted, never full. */
  StoreUsage UNBOUNDED = new StoreUsage() {
    @Override
    public long usedBytes() {
      return 0;
    }

    @Override
    public long capacityBytes() {
      return Long.MAX_VALUE;
    }
  };

  /** Bytes the store counts as held now. */
  long usedBytes();

  /** Bytes it may hold before it refuses writes that add to it; {@link Long#MAX_VALUE} when unbounded. */
  long capacityBytes();

  /** {@link #usedBytes()} as a fraction of {@link #capacityBytes()}, from 0 (also when unbounded) to about 1. */
  default double fill() {
    long capacity = capacityBytes();
    return capacity == Long.MAX_VALUE || capacity <= 0 ? 0 : (double) usedBytes() / capacity;
  }
}
