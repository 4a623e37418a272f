package dev.keygate.store.memory;

import dev.keygate.store.CredentialLookupContract;

class MemoryCredentialLookupTest extends FreshMemoryStore implements CredentialLookupContract {}
