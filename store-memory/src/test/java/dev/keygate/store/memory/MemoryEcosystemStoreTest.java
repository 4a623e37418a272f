package dev.keygate.store.memory;

import dev.keygate.store.EcosystemStoreContract;

/** Ecosystems and their clients: the contract covers both areas. */
class MemoryEcosystemStoreTest extends FreshMemoryStore implements EcosystemStoreContract {}
