package dev.keygate.store.memory;

import dev.keygate.store.*;
import org.junit.jupiter.api.BeforeEach;

/** Interim: the memory store passes the whole store contract (to be split per area). */
class MemoryStoreTest implements InstanceStoreContract, UserStoreContract, ProjectStoreContract, ApiAppStoreContract,
    EcosystemStoreContract, CommerceApplicationStoreContract, CredentialLookupContract, RevocationStoreContract,
    CredentialChangeFeedContract, ServerKeyStoreContract {

  private KeygateStore store;

  @BeforeEach
  void open() {
    store = MemoryStore.create();
  }

  @Override
  public KeygateStore store() {
    return store;
  }
}
