package dev.keygate.store.memory;

import dev.keygate.store.ProjectStoreContract;

class MemoryProjectStoreTest extends FreshMemoryStore implements ProjectStoreContract {}
