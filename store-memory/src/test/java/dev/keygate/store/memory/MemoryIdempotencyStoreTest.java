package dev.keygate.store.memory;

import dev.keygate.store.IdempotencyStoreContract;

class MemoryIdempotencyStoreTest extends FreshMemoryStore implements IdempotencyStoreContract {}
