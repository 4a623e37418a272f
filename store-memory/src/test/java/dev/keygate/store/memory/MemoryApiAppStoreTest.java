package dev.keygate.store.memory;

import dev.keygate.store.ApiAppStoreContract;

class MemoryApiAppStoreTest extends FreshMemoryStore implements ApiAppStoreContract {}
