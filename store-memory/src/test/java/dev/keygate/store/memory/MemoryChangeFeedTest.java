package dev.keygate.store.memory;

import dev.keygate.store.CredentialChangeFeedContract;

class MemoryChangeFeedTest extends FreshMemoryStore implements CredentialChangeFeedContract {}
