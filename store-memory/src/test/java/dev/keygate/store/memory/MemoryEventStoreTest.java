package dev.keygate.store.memory;

import dev.keygate.store.EventStoreContract;

class MemoryEventStoreTest extends FreshMemoryStore implements EventStoreContract {}
