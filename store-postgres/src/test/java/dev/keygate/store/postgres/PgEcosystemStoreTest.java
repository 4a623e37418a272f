package dev.keygate.store.postgres;

import dev.keygate.store.EcosystemStoreContract;

class PgEcosystemStoreTest extends FreshPostgresStore implements EcosystemStoreContract {}
