package dev.keygate.store.postgres;

import dev.keygate.store.SecretRotationContract;

class PgSecretRotationTest extends FreshPostgresStore implements SecretRotationContract {}
