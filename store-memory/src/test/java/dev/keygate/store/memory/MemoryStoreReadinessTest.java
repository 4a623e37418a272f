package dev.keygate.store.memory;

import dev.keygate.store.StoreReadinessContract;

class MemoryStoreReadinessTest extends FreshMemoryStore implements StoreReadinessContract {}
