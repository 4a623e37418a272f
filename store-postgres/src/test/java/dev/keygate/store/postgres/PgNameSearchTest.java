package dev.keygate.store.postgres;

import dev.keygate.store.NameSearchContract;

class PgNameSearchTest extends FreshPostgresStore implements NameSearchContract {}
