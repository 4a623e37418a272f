package dev.keygate.store.memory;

import dev.keygate.store.ComposedStore;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.StorePrimary;
import io.vertx.core.Future;

/**
 * The embedded default store: everything in the heap, nothing survives a restart. Safe under any number of event
 * loops: reads are lock-free, writes to one instance are serialized on that instance's {@link Tenant} monitor, and the
 * few cross-tenant invariants (unique domains) are guarded by the {@link Tenants} monitor.
 *
 * <p>Shared state lives in three classes: {@link Tenants} (each instance's records and the domain index),
 * {@link GlobalIndex} (what is unique across instances) and {@link MemoryChangeFeed} (the listeners). One class
 * per SPI area works on them; most are records of the shared state they use, since they keep none of their own. This
 * factory wires them into one {@link KeygateStore}.
 */
public final class MemoryStore {

  /** About 100,000 events per instance, in whole chunks of the log: some 10 MiB of history at most. */
  public static final int DEFAULT_EVENTS_KEPT = 25 * EventLog.CHUNK;

  private MemoryStore() {}

  /** A new, empty store with the default capacity for this JVM's heap ({@link Capacity#defaultFor}). */
  public static KeygateStore create() {
    return create(Capacity.defaultFor(Runtime.getRuntime().maxMemory()));
  }

  /**
   * A new, empty store that holds at most {@code capacityBytes} by its own count of what its records take on the heap
   * ({@link Weights}); past that, writes that add to it fail RESOURCE_EXHAUSTED.
   */
  public static KeygateStore create(long capacityBytes) {
    return create(capacityBytes, DEFAULT_EVENTS_KEPT);
  }

  /** The same, each instance keeping at least its {@code eventsKept} newest events (its audit trail). */
  public static KeygateStore create(long capacityBytes, int eventsKept) {
    Capacity capacity = new Capacity(capacityBytes);
    Tenants tenants = new Tenants(capacity, eventsKept);
    GlobalIndex index = new GlobalIndex();
    MemoryChangeFeed feed = new MemoryChangeFeed();
    MemoryEcosystemClientStore clients = new MemoryEcosystemClientStore(tenants, index, feed);
    return new ComposedStore(
        new MemoryServerKeyStore(),
        new MemoryInstanceStore(tenants, index, feed),
        new MemoryUserStore(tenants, index, feed),
        new MemoryProjectStore(tenants, index, feed),
        new MemoryApiAppStore(tenants, index, feed),
        new MemoryEcosystemStore(tenants, index, clients, feed),
        clients,
        new MemoryCommerceApplicationStore(tenants, index, feed),
        new MemoryCredentialLookup(tenants, index),
        new MemoryRevocationStore(feed),
        feed,
        new MemoryEventStore(tenants),
        new MemoryCredentialUsage(tenants, index),
        new MemoryIdempotencyStore(capacity),
        capacity,
        StorePrimary.FIXED,
        Future::succeededFuture, // nothing to reach: always ready
        Future::succeededFuture); // nothing to release
  }
}
