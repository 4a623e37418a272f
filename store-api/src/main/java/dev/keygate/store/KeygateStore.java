package dev.keygate.store;

import io.vertx.core.Future;

/**
 * The whole storage SPI as one object: the composite of the per-area interfaces, which is what a store
 * implementation hands to the wiring. Services never take this type; each takes only the areas it uses.
 *
 * <p>Every method of every area is asynchronous and never blocks the calling event loop. Writes are atomic: the
 * object, the sequence of its aggregate and its event are committed together or not at all. Failures are
 * {@link StoreException}s; lookups of objects that may legitimately be absent answer {@link
 * java.util.Optional#empty()}. Every lookup below the instance level is keyed by instance id, and by organization id
 * where the object belongs to one: an object of another tenant is indistinguishable from a missing one.
 */
public interface KeygateStore extends ServerKeyStore, InstanceStore, UserStore, ProjectStore, ApiAppStore,
    EcosystemStore, EcosystemClientStore, CommerceApplicationStore, CredentialLookup, RevocationStore,
    CredentialChangeFeed, EventStore, CredentialUsageStore, IdempotencyStore {

  /** How full the store is; a store without a limit of its own (PostgreSQL) is {@link StoreUsage#UNBOUNDED}. */
  default StoreUsage usage() {
    return StoreUsage.UNBOUNDED;
  }

  /**
   * Whether the store can serve now, for the readiness check: it answers within its timeout and its schema is the one
   * this build expects. Fails (a {@link StoreException} of kind {@link StoreException.Kind#UNAVAILABLE} while it cannot
   * be reached) otherwise. A store with nothing to reach, such as the memory store, is always ready.
   */
  default Future<Void> ready() {
    return Future.succeededFuture();
  }

  /** Releases connections and other resources. */
  Future<Void> close();
}
