package dev.keygate.store.postgres;

import dev.keygate.store.CredentialLookupContract;

class PgCredentialLookupTest extends FreshPostgresStore implements CredentialLookupContract {}
