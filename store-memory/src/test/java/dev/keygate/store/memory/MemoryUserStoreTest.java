package dev.keygate.store.memory;

import dev.keygate.store.UserStoreContract;

class MemoryUserStoreTest extends FreshMemoryStore implements UserStoreContract {}
