package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The root of the store contract suite: one JUnit interface per area extends it ({@code InstanceStoreContract},
 * {@code UserStoreContract}, …), each with {@code default} test methods, and every store implementation's test classes
 * implement those interfaces and supply {@link #store()}. The same assertions then run unchanged against memory,
 * PostgreSQL and any future store.
 */
public interface StoreContract {

  /** The store under test: a fresh one for each test (other tenants' data may be there; tests seed their own). */
  KeygateStore store();

  // each area of the store under test, as the tests reach it (Hono's contract tests ask for each service the same way)

  default ServerKeyStore serverKeys() {
    return store().serverKeys();
  }

  default InstanceStore instances() {
    return store().instances();
  }

  default UserStore users() {
    return store().users();
  }

  default ProjectStore projects() {
    return store().projects();
  }

  default ApiAppStore apiApps() {
    return store().apiApps();
  }

  default EcosystemStore ecosystems() {
    return store().ecosystems();
  }

  default EcosystemClientStore ecosystemClients() {
    return store().ecosystemClients();
  }

  default CommerceApplicationStore commerceApplications() {
    return store().commerceApplications();
  }

  default CredentialLookup credentials() {
    return store().credentials();
  }

  default RevocationStore revocations() {
    return store().revocations();
  }

  default CredentialChangeFeed changeFeed() {
    return store().changeFeed();
  }

  default EventStore events() {
    return store().events();
  }

  default CredentialUsageStore credentialUses() {
    return store().credentialUses();
  }

  default IdempotencyStore idempotency() {
    return store().idempotency();
  }

  /**
   * Returns once every credential change announced so far has reached this process's listeners by every path the
   * store delivers it on, so that a listener registered next hears only the changes that follow. The default is for a
   * store that tells its listeners only synchronously, before the writing call completes (the memory store).
   */
  default void awaitAnnouncedChanges() {}

  /** A new tenant with its first organization and owner. */
  default StoreFixtures.Seeded seed(String name) {
    NewInstance setup = newInstance(name, unique(name) + ".localhost");
    Instance instance = await(instances().createInstance(setup));
    return new StoreFixtures.Seeded(instance, setup.firstOrg().id(), setup.owner(), setup.ownerPat().tokenHash());
  }

  static String unique(String prefix) {
    return prefix + "-" + nextId();
  }

  static void assertStoreError(ThrowingCallable call, StoreException.Kind kind, StoreException.Entity entity) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.entity()).isEqualTo(entity);
    });
  }
}
