package dev.keygate.store.memory;

import dev.keygate.store.NameSearchContract;

class MemoryNameSearchTest extends FreshMemoryStore implements NameSearchContract {}
