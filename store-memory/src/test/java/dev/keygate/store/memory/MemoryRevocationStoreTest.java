package dev.keygate.store.memory;

import dev.keygate.store.RevocationStoreContract;

class MemoryRevocationStoreTest extends FreshMemoryStore implements RevocationStoreContract {}
