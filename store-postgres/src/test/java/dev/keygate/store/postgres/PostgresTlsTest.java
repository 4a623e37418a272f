package dev.keygate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.postgres.testing.TestCertificates;
import dev.keygate.store.postgres.testing.TestCertificates.ServerCertificate;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to PostgreSQL with libpq's URI parameters, against an embedded server whose certificate a CA made at test time
 * signed (for {@code localhost} only): each mode encrypts or checks what libpq's does, and a certificate that does
 * not chain to the given root, or does not name the host, fails the start with a message that says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTlsTest {

  @TempDir
  static Path directory;

  private final Vertx vertx = Vertx.vertx();
  private TestPostgres server;
  private TestCertificates ca;
  private TestCertificates otherCa;

  @BeforeAll
  void start() {
    ca = TestCertificates.authority(directory, "keygate");
    otherCa = TestCertificates.authority(directory, "other");
    ServerCertificate certificate = ca.server("postgres", "localhost");
    server = TestPostgres.dedicatedTls(certificate.certificate(), certificate.key());
  }

  @AfterAll
  void stop() throws Exception {
    server.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String uri(String host, String parameters) {
    return "postgresql://postgres:postgres@" + host + ":" + server.port() + "/postgres" + parameters;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Future<KeygateStore> open(PostgresStoreOptions options) {
    return PostgresStore.open(vertx, options.withSchema(TestPostgres.newSchemaName()).withPoolSize(2));
  }

  /** Whether the store's own connections are encrypted, as the server sees them (pg_stat_ssl). */
  private boolean encrypted(PostgresStoreOptions options) throws Exception {
    PgTls tls = PgTls.of(options);
    PgConnectOptions connect = PgConnectOptions.fromUri(tls.uri());
    tls.applyTo(connect);
    Pool pool = PgBuilder.pool().connectingTo(connect).using(vertx).build();
    try {
      return await(pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute())
          .iterator().next().getBoolean("ssl");
    } finally {
      await(pool.close());
    }
  }

  @Test
  void verifyFullWithTheRootInTheUriOpensAnEncryptedStore() throws Exception {
    PostgresStoreOptions options = PostgresStoreOptions.of(uri("localhost", "?sslmode=verify-full&sslrootcert="
        + ca.certificate()));

    KeygateStore store = await(open(options));
    assertThat(await(store.serverKeys().serverKey("tls", new byte[] {1}))).containsExactly(1);
    assertThat(encrypted(options)).isTrue();
    await(store.close());
  }

  @Test
  void theRootCertificateMayComeFromTheSetting() throws Exception {
    PostgresStoreOptions options = PostgresStoreOptions.of(uri("localhost", "?sslmode=verify-ca"))
        .withSslRootCert(ca.certificate().toString());

    await(await(open(options)).close());
    assertThat(encrypted(options)).isTrue();
  }

  @Test
  void requireEncryptsWithoutCheckingAndDisableDoesNot() throws Exception {
    assertThat(encrypted(PostgresStoreOptions.of(uri("127.0.0.1", "?sslmode=require")))).isTrue();
    assertThat(encrypted(PostgresStoreOptions.of(uri("127.0.0.1", "?sslmode=disable")))).isFalse();
    assertThat(encrypted(PostgresStoreOptions.of(uri("127.0.0.1", "")))).isFalse();
  }

  @Test
  void aCertificateOfAnotherAuthorityOrHostFailsTheStartSayingWhy() {
    Future<KeygateStore> otherRoot = open(PostgresStoreOptions.of(uri("localhost", "?sslmode=verify-ca&sslrootcert="
        + otherCa.certificate())));
    // the certificate names localhost, not 127.0.0.1: verify-ca accepts that, verify-full does not
    Future<KeygateStore> otherHost = open(PostgresStoreOptions.of(uri("127.0.0.1", "?sslmode=verify-full&sslrootcert="
        + ca.certificate())));

    assertFails(otherRoot, "cannot open the PostgreSQL store at postgresql://postgres:***@localhost");
    assertFails(otherHost, "cannot open the PostgreSQL store at postgresql://postgres:***@127.0.0.1");
  }

  @Test
  void verifyingWithoutARootOrWithAnUnreadableOneIsRefusedBeforeConnecting() {
    assertFails(open(PostgresStoreOptions.of(uri("localhost", "?sslmode=verify-full"))),
        "sslmode=verify-full checks the server's certificate against a root certificate");
    assertFails(open(PostgresStoreOptions.of(uri("localhost", "?sslmode=verify-ca&sslrootcert=/no/such.crt"))),
        "the PostgreSQL root certificate /no/such.crt (sslrootcert or KEYGATE_PG_SSL_ROOT_CERT) cannot be read");
    assertFails(open(PostgresStoreOptions.of(uri("localhost", "?sslmode=sometimes"))),
        "sslmode=sometimes is none of disable, allow, prefer, require, verify-ca, verify-full");
  }

  private static void assertFails(Future<KeygateStore> opening, String message) {
    Throwable failure = opening.toCompletionStage().toCompletableFuture().handle((store, error) -> error).join();
    assertThat(failure).as("the store opened").isNotNull();
    assertThat(failure.getMessage()).contains(message).doesNotContain(":postgres@");
  }
}
