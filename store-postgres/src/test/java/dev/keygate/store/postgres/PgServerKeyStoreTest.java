package dev.keygate.store.postgres;

import dev.keygate.store.ServerKeyStoreContract;

class PgServerKeyStoreTest extends FreshPostgresStore implements ServerKeyStoreContract {}
