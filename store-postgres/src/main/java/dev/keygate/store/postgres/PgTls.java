package dev.keygate.store.postgres;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS to PostgreSQL as libpq's connection URIs say it, so an operator's URI works unchanged: {@code sslmode}
 * ({@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca}, {@code verify-full}) and
 * {@code sslrootcert}, the PEM file of the authorities the server's certificate must chain to (or the setting
 * {@code KEYGATE_PG_SSL_ROOT_CERT}). As in libpq, {@code require} encrypts without checking the certificate unless a
 * root certificate is given, {@code verify-ca} checks the chain and {@code verify-full} the host name too
 * (https://www.postgresql.org/docs/15/libpq-ssl.html, table 34.1). Vert.x reads {@code sslmode} itself; it would
 * send {@code sslrootcert} to the server as a run-time parameter, so it is taken out of the URI here.
 */
record PgTls(String uri, SslMode mode, String rootCert) {

  /** A refusal whose message is for the operator: names the setting, never the password. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  static PgTls of(PostgresStoreOptions options) {
    String uri = options.uri();
    int query = uri.indexOf('?');
    String rootCert = options.sslRootCert();
    SslMode mode = SslMode.DISABLE;
    String kept = uri;
    if (query >= 0) {
      List<String> parameters = new ArrayList<>();
      for (String parameter : uri.substring(query + 1).split("&")) {
        if (parameter.startsWith("sslrootcert=")) {
          rootCert = rootCert != null ? rootCert : parameter.substring("sslrootcert=".length());
        } else {
          if (parameter.startsWith("sslmode=")) {
            mode = mode(parameter.substring("sslmode=".length()));
          }
          parameters.add(parameter);
        }
      }
      kept = uri.substring(0, query) + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
    }
    if (rootCert != null && !Files.isReadable(Path.of(rootCert))) {
      throw new Refused("the PostgreSQL root certificate " + rootCert + " (sslrootcert or "
          + PostgresStoreProvider.SSL_ROOT_CERT + ") cannot be read");
    }
    if ((mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) && rootCert == null) {
      throw new Refused("sslmode=" + mode.value + " checks the server's certificate against a root certificate:"
          + " give it as sslrootcert=<file> in " + PostgresStoreProvider.URI + " or as "
          + PostgresStoreProvider.SSL_ROOT_CERT);
    }
    return new PgTls(kept, mode, rootCert);
  }

  private static SslMode mode(String value) {
    try {
      return SslMode.of(value);
    } catch (IllegalArgumentException e) {
      throw new Refused("sslmode=" + value + " is none of disable, allow, prefer, require, verify-ca, verify-full");
    }
  }

  /** The trust and host-name checks of the mode, on options Vert.x already read the mode into. */
  void applyTo(PgConnectOptions connect) {
    if (mode == SslMode.DISABLE) {
      return;
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (rootCert != null) {
      ssl.setTrustOptions(new PemTrustOptions().addCertPath(rootCert));
    } else {
      // allow, prefer and require without a root certificate: encrypted, the certificate unchecked (libpq's way)
      ssl.setTrustAll(true);
    }
    // only verify-full checks that the certificate names the host
    ssl.setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    connect.setSslMode(mode).setSslOptions(ssl);
  }
}
