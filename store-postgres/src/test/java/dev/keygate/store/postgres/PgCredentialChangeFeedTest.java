package dev.keygate.store.postgres;

import dev.keygate.store.CredentialChangeFeedContract;

class PgCredentialChangeFeedTest extends FreshPostgresStore implements CredentialChangeFeedContract {}
