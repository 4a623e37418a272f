package dev.keygate.store.postgres;

import dev.keygate.store.InstanceStoreContract;

class PgInstanceStoreTest extends FreshPostgresStore implements InstanceStoreContract {}
