package dev.keygate.store.memory;

import dev.keygate.store.SecretRotationContract;

class MemorySecretRotationTest extends FreshMemoryStore implements SecretRotationContract {}
