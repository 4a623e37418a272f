package dev.keygate.store.memory;

import dev.keygate.store.CredentialUsageStoreContract;

class MemoryCredentialUsageStoreTest extends FreshMemoryStore implements CredentialUsageStoreContract {}
