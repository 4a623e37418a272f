package dev.keygate.store;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A {@link KeygateStore} put together from one object per area: each store module builds its area classes and hands
 * them here. Each area's type is its own interface, so the compiler checks that every object sits in its slot.
 *
 * <p>The withers replace one part and keep the rest: a test puts a recording area in front of a real store
 * ({@code ComposedStore.of(store).withIdempotency(recorder)}), a store module adds its readiness check.
 */
public record ComposedStore(
    ServerKeyStore serverKeys,
    InstanceStore instances,
    UserStore users,
    ProjectStore projects,
    ApiAppStore apiApps,
    EcosystemStore ecosystems,
    EcosystemClientStore ecosystemClients,
    CommerceApplicationStore commerceApplications,
    CredentialLookup credentials,
    RevocationStore revocations,
    CredentialChangeFeed changeFeed,
    EventStore events,
    CredentialUsageStore credentialUses,
    IdempotencyStore idempotency,
    StoreUsage usage,
    StorePrimary primary,
    Supplier<Future<Void>> readiness,
    Supplier<Future<Void>> closer) implements KeygateStore {

  /** The parts of any store, to replace some of them. */
  public static ComposedStore of(KeygateStore store) {
    return store instanceof ComposedStore composed ? composed
        : new ComposedStore(store.serverKeys(), store.instances(), store.users(), store.projects(), store.apiApps(),
            store.ecosystems(), store.ecosystemClients(), store.commerceApplications(), store.credentials(),
            store.revocations(), store.changeFeed(), store.events(), store.credentialUses(), store.idempotency(),
            store.usage(), store.primary(), store::ready, store::close);
  }

  @Override
  public Future<Void> ready() {
    return readiness.get();
  }

  @Override
  public Future<Void> close() {
    return closer.get();
  }

  /** The same store, whose {@link #ready()} is {@code check} (a store with a server to reach). */
  public ComposedStore withReadiness(Supplier<Future<Void>> check) {
    return new ComposedStore(serverKeys, instances, users, projects, apiApps, ecosystems, ecosystemClients,
        commerceApplications, credentials, revocations, changeFeed, events, credentialUses, idempotency, usage, primary,
        check, closer);
  }

  /** The same store, whose {@link #close()} is {@code close}: e.g. nothing, for a store that outlives its user. */
  public ComposedStore withCloser(Supplier<Future<Void>> close) {
    return new ComposedStore(serverKeys, instances, users, projects, apiApps, ecosystems, ecosystemClients,
        commerceApplications, credentials, revocations, changeFeed, events, credentialUses, idempotency, usage,
        primary, readiness, close);
  }

  /** The same store with another idempotency area. */
  public ComposedStore withIdempotency(IdempotencyStore replacement) {
    return new ComposedStore(serverKeys, instances, users, projects, apiApps, ecosystems, ecosystemClients,
        commerceApplications, credentials, revocations, changeFeed, events, credentialUses, replacement, usage,
        primary, readiness, closer);
  }

  /** The same store with another area of last uses. */
  public ComposedStore withCredentialUses(CredentialUsageStore replacement) {
    return new ComposedStore(serverKeys, instances, users, projects, apiApps, ecosystems, ecosystemClients,
        commerceApplications, credentials, revocations, changeFeed, events, replacement, idempotency, usage,
        primary, readiness, closer);
  }
}
