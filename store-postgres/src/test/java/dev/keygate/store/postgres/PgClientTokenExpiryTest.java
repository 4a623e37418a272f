package dev.keygate.store.postgres;

import dev.keygate.store.ClientTokenExpiryContract;

class PgClientTokenExpiryTest extends FreshPostgresStore implements ClientTokenExpiryContract {}
