package dev.keygate.store.memory;

import dev.keygate.store.InstanceStoreContract;

class MemoryInstanceStoreTest extends FreshMemoryStore implements InstanceStoreContract {}
