package dev.keygate.store.postgres;

import dev.keygate.store.CommerceApplicationStoreContract;

class PgCommerceApplicationStoreTest extends FreshPostgresStore implements CommerceApplicationStoreContract {}
