package dev.keygate.store.postgres;

import dev.keygate.store.ApiAppStoreContract;

class PgApiAppStoreTest extends FreshPostgresStore implements ApiAppStoreContract {}
