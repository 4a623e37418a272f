package dev.keygate.gateway;

import dev.keygate.gateway.tls.CertificateSource;
import dev.keygate.gateway.tls.ClientCertificates;
import dev.keygate.gateway.tls.ServerTls;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * What the configuration says about TLS, checked before anything starts: the certificate either as two PEM files
 * ({@code KEYGATE_TLS_CERT} and {@code KEYGATE_TLS_KEY}, both or neither) or as one PKCS#12 file ({@code
 * KEYGATE_TLS_PKCS12}, with {@code KEYGATE_TLS_PKCS12_PASSWORD}), never both ways; readable, the key the
 * certificate's; {@code KEYGATE_MANAGEMENT_TLS} {@code on} or {@code off} (default: on with a certificate); a reload
 * period of at least 0; {@code KEYGATE_SYSTEM_CLIENT_CA} only with TLS, since a client certificate exists only in a
 * TLS handshake. A mistake is an {@link IllegalArgumentException} naming the setting, which {@link Main} prints
 * without a stack trace (and never with the password).
 *
 * @param server the main port's certificate and its reload, or {@code null}: plain HTTP
 * @param management whether the management port serves HTTPS too, with the same certificate
 * @param reloadMs how often the files are looked at; 0: never
 */
record TlsSettings(ServerTls server, boolean management, int reloadMs) {

  static TlsSettings of(Vertx vertx, KeygateConfig config) {
    CertificateSource source = source(config);
    String management = config.has(KeygateConfig.MANAGEMENT_TLS)
        ? config.string(KeygateConfig.MANAGEMENT_TLS).trim() : null;
    if (management != null && !management.equals("on") && !management.equals("off")) {
      throw new IllegalArgumentException(KeygateConfig.MANAGEMENT_TLS + " must be on or off, was '" + management
          + "'");
    }
    if (source == null) {
      if ("on".equals(management)) {
        throw new IllegalArgumentException(KeygateConfig.MANAGEMENT_TLS + " is on but " + KeygateConfig.TLS_CERT
            + " and " + KeygateConfig.TLS_KEY + " are not set (nor " + KeygateConfig.TLS_PKCS12 + "): the "
            + "management port serves the main port's certificate");
      }
      if (config.has(KeygateConfig.SYSTEM_CLIENT_CA)) {
        throw new IllegalArgumentException(KeygateConfig.SYSTEM_CLIENT_CA + " is set but the main port has no TLS ("
            + KeygateConfig.TLS_CERT + " and " + KeygateConfig.TLS_KEY + ", or " + KeygateConfig.TLS_PKCS12
            + "): a client certificate is only ever shown in a TLS handshake");
      }
      return new TlsSettings(null, false, 0);
    }
    int reloadMs = config.integer(KeygateConfig.TLS_RELOAD_MS);
    if (reloadMs < 0) {
      throw new IllegalArgumentException(KeygateConfig.TLS_RELOAD_MS + " must be 0 (no reload) or more, was "
          + reloadMs);
    }
    ClientCertificates clients = config.has(KeygateConfig.SYSTEM_CLIENT_CA)
        ? ClientCertificates.read(Path.of(config.string(KeygateConfig.SYSTEM_CLIENT_CA).trim())) : null;
    ServerTls server = ServerTls.load(vertx, source, clients);
    return new TlsSettings(server, !"off".equals(management), reloadMs);
  }

  /** The certificate's files as the settings name them, or {@code null}: no TLS. */
  private static CertificateSource source(KeygateConfig config) {
    boolean cert = config.has(KeygateConfig.TLS_CERT);
    boolean key = config.has(KeygateConfig.TLS_KEY);
    boolean pkcs12 = config.has(KeygateConfig.TLS_PKCS12);
    if (pkcs12 && (cert || key)) {
      throw new IllegalArgumentException(KeygateConfig.TLS_PKCS12 + " and " + (cert ? KeygateConfig.TLS_CERT
          : KeygateConfig.TLS_KEY) + " are both set: give the certificate either as one PKCS#12 file or as two PEM "
          + "files (" + KeygateConfig.TLS_CERT + ", " + KeygateConfig.TLS_KEY + "), not both ways");
    }
    if (!pkcs12 && config.has(KeygateConfig.TLS_PKCS12_PASSWORD)) {
      throw new IllegalArgumentException(KeygateConfig.TLS_PKCS12_PASSWORD + " is set but " + KeygateConfig.TLS_PKCS12
          + " is not: the password opens that file");
    }
    if (pkcs12) {
      // the password as given, spaces included: only the file's path is trimmed
      return new CertificateSource.Pkcs12(Path.of(config.string(KeygateConfig.TLS_PKCS12).trim()),
          config.string(KeygateConfig.TLS_PKCS12_PASSWORD));
    }
    if (cert != key) {
      String set = cert ? KeygateConfig.TLS_CERT : KeygateConfig.TLS_KEY;
      String missing = cert ? KeygateConfig.TLS_KEY : KeygateConfig.TLS_CERT;
      throw new IllegalArgumentException(set + " is set but " + missing + " is not: HTTPS needs both (the "
          + "certificate chain and its key, PEM files), plain HTTP neither");
    }
    return cert ? new CertificateSource.Pem(Path.of(config.string(KeygateConfig.TLS_CERT).trim()),
        Path.of(config.string(KeygateConfig.TLS_KEY).trim())) : null;
  }

  /** The management port's TLS, or {@code null}: plain HTTP there. */
  ServerTls managementServer() {
    return management ? server : null;
  }
}
