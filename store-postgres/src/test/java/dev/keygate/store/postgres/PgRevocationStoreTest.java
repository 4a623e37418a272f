package dev.keygate.store.postgres;

import dev.keygate.store.RevocationStoreContract;

class PgRevocationStoreTest extends FreshPostgresStore implements RevocationStoreContract {}
