package dev.keygate.store.postgres;

import dev.keygate.store.StoreReadinessContract;

class PgStoreReadinessTest extends FreshPostgresStore implements StoreReadinessContract {}
