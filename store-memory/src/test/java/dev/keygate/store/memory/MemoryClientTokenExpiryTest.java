package dev.keygate.store.memory;

import dev.keygate.store.ClientTokenExpiryContract;

class MemoryClientTokenExpiryTest extends FreshMemoryStore implements ClientTokenExpiryContract {}
