package dev.keygate.store.postgres;

import dev.keygate.store.IdempotencyStoreContract;

class PgIdempotencyStoreTest extends FreshPostgresStore implements IdempotencyStoreContract {}
