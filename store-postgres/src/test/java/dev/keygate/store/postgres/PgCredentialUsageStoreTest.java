package dev.keygate.store.postgres;

import dev.keygate.store.CredentialUsageStoreContract;

class PgCredentialUsageStoreTest extends FreshPostgresStore implements CredentialUsageStoreContract {}
