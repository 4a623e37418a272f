package dev.keygate.store.memory;

import dev.keygate.store.CommerceApplicationStoreContract;

class MemoryCommerceApplicationStoreTest extends FreshMemoryStore implements CommerceApplicationStoreContract {}
