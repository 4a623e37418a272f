package dev.keygate.store.postgres;

import dev.keygate.store.UserStoreContract;

class PgUserStoreTest extends FreshPostgresStore implements UserStoreContract {}
