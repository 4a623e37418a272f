package dev.keygate.store;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * One open store: it hands out each storage area by an accessor, and answers for the store as a whole (how full it
 * is, whether it can serve, closing). The wiring gives every service the areas it uses, by name
 * ({@code new ProjectService(store.projects(), …)}); no service takes this type.
 *
 * <p>Every method of every area is asynchronous and never blocks the calling event loop. Writes are atomic: the
 * object, the sequence of its aggregate and its event are committed together or not at all. Failures are
 * {@link StoreException}s; lookups of objects that may legitimately be absent answer {@link Optional#empty()}. Every
 * lookup below the instance level is keyed by instance id, and by organization id where the object belongs to one: an
 * object of another tenant is indistinguishable from a missing one.
 *
 * <p>{@link ComposedStore} is the one implementation: a store module builds its area objects and composes them.
 */
public interface KeygateStore {

  /** Server-wide key material, created once and shared by every process on the store. */
  ServerKeyStore serverKeys();

  /** Instances (tenants) with their domains, and their organizations. */
  InstanceStore instances();

  /** Users, their memberships, secrets, personal access tokens and machine keys. */
  UserStore users();

  ProjectStore projects();

  /** API applications, their secrets and keys. */
  ApiAppStore apiApps();

  /** Droplit's ecosystems. */
  EcosystemStore ecosystems();

  /** Droplit's clients and their tokens. */
  EcosystemClientStore ecosystemClients();

  /** Oracle Commerce's application IDs. */
  CommerceApplicationStore commerceApplications();

  /** Credentials found by what a client presents, across instances. */
  CredentialLookup credentials();

  /** Revoked access tokens. */
  RevocationStore revocations();

  /** Which credentials changed, in this process and in every other on the same store. */
  CredentialChangeFeed changeFeed();

  /** The event log. */
  EventStore events();

  /** When each credential was last used. */
  CredentialUsageStore credentialUses();

  /** Requests sent with an {@code Idempotency-Key}. */
  IdempotencyStore idempotency();

  /** How full the store is; a store without a limit of its own (PostgreSQL) is {@link StoreUsage#UNBOUNDED}. */
  StoreUsage usage();

  /** The server the store writes to, when it can move (PostgreSQL with standbys); else {@link StorePrimary#FIXED}. */
  StorePrimary primary();

  /**
   * Whether the store can serve now, for the readiness check: it answers within its timeout and its schema is the one
   * this build expects. Fails (a {@link StoreException} of kind {@link StoreException.Kind#UNAVAILABLE} while it cannot
   * be reached) otherwise. A store with nothing to reach, such as the memory store, is always ready.
   */
  Future<Void> ready();

  /** Releases connections and other resources. */
  Future<Void> close();
}
