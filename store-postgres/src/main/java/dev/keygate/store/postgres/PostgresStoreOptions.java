package dev.keygate.store.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the store connects.
 *
 * @param uri        {@code postgresql://user:password@host:port/database}
 * @param schema     the schema Keygate's tables live in (created by the migrations if missing)
 * @param poolSize   connections per store (each gateway process has one store)
 * @param timeoutMs  the longest any store call may take, waiting for a connection included; past it the call fails
 *                   UNAVAILABLE instead of holding a request open while the database is away
 * @param sslRootCert a PEM file of the certificate authorities the server's certificate must chain to, or null (the
 *                    URI's {@code sslrootcert}, if any, names one too; see {@link PgTls})
 */
public record PostgresStoreOptions(String uri, String schema, int poolSize, long timeoutMs, String sslRootCert) {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public static final String DEFAULT_SCHEMA = "public";
  public static final int DEFAULT_POOL_SIZE = 8;
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  public PostgresStoreOptions {
    Objects.requireNonNull(uri, "uri");
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must match " + SCHEMA.pattern() + ": " + schema);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1");
    }
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("timeoutMs must be positive");
    }
  }

  public static PostgresStoreOptions of(String uri) {
    return new PostgresStoreOptions(uri, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE, DEFAULT_TIMEOUT_MS, null);
  }

  public PostgresStoreOptions withSchema(String newSchema) {
    return new PostgresStoreOptions(uri, newSchema, poolSize, timeoutMs, sslRootCert);
  }

  public PostgresStoreOptions withPoolSize(int newPoolSize) {
    return new PostgresStoreOptions(uri, schema, newPoolSize, timeoutMs, sslRootCert);
  }

  public PostgresStoreOptions withTimeoutMs(long newTimeoutMs) {
    return new PostgresStoreOptions(uri, schema, poolSize, newTimeoutMs, sslRootCert);
  }

  public PostgresStoreOptions withSslRootCert(String newSslRootCert) {
    return new PostgresStoreOptions(uri, schema, poolSize, timeoutMs, newSslRootCert);
  }

  /** The URI without its password, for messages and logs. */
  public String redactedUri() {
    return uri.replaceFirst("(//[^:/@]+):[^@]*@", "$1:***@");
  }
}
