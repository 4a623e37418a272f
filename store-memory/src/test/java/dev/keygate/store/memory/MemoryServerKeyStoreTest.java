package dev.keygate.store.memory;

import dev.keygate.store.ServerKeyStoreContract;

class MemoryServerKeyStoreTest extends FreshMemoryStore implements ServerKeyStoreContract {}
