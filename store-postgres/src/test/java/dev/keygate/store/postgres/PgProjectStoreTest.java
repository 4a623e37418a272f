package dev.keygate.store.postgres;

import dev.keygate.store.ProjectStoreContract;

class PgProjectStoreTest extends FreshPostgresStore implements ProjectStoreContract {}
