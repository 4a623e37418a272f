package dev.keygate.store.postgres;

import dev.keygate.store.EventStoreContract;

class PgEventStoreTest extends FreshPostgresStore implements EventStoreContract {}
