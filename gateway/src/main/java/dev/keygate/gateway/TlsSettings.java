package dev.keygate.gateway;

import dev.keygate.gateway.tls.ServerTls;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * What the configuration says about TLS, checked before anything starts: both files or neither
 * ({@code KEYGATE_TLS_CERT}, {@code KEYGATE_TLS_KEY}), readable, the key the certificate's; {@code
 * KEYGATE_MANAGEMENT_TLS} {@code on} or {@code off} (default: on with a certificate); a reload period of at least 0.
 * A mistake is an {@link IllegalArgumentException} naming the setting, which {@link Main} prints without a stack
 * trace.
 *
 * @param server the main port's certificate and its reload, or {@code null}: plain HTTP
 * @param management whether the management port serves HTTPS too, with the same certificate
 * @param reloadMs how often the files are looked at; 0: never
 */
record TlsSettings(ServerTls server, boolean management, int reloadMs) {

  static TlsSettings of(Vertx vertx, KeygateConfig config) {
    boolean cert = config.has(KeygateConfig.TLS_CERT);
    boolean key = config.has(KeygateConfig.TLS_KEY);
    if (cert != key) {
      String set = cert ? KeygateConfig.TLS_CERT : KeygateConfig.TLS_KEY;
      String missing = cert ? KeygateConfig.TLS_KEY : KeygateConfig.TLS_CERT;
      throw new IllegalArgumentException(set + " is set but " + missing + " is not: HTTPS needs both (the "
          + "certificate chain and its key, PEM files), plain HTTP neither");
    }
    String management = config.has(KeygateConfig.MANAGEMENT_TLS)
        ? config.string(KeygateConfig.MANAGEMENT_TLS).trim() : null;
    if (management != null && !management.equals("on") && !management.equals("off")) {
      throw new IllegalArgumentException(KeygateConfig.MANAGEMENT_TLS + " must be on or off, was '" + management
          + "'");
    }
    if (!cert) {
      if ("on".equals(management)) {
        throw new IllegalArgumentException(KeygateConfig.MANAGEMENT_TLS + " is on but " + KeygateConfig.TLS_CERT
            + " and " + KeygateConfig.TLS_KEY + " are not set: the management port serves the main port's "
            + "certificate");
      }
      return new TlsSettings(null, false, 0);
    }
    int reloadMs = config.integer(KeygateConfig.TLS_RELOAD_MS);
    if (reloadMs < 0) {
      throw new IllegalArgumentException(KeygateConfig.TLS_RELOAD_MS + " must be 0 (no reload) or more, was "
          + reloadMs);
    }
    ServerTls server = ServerTls.load(vertx, Path.of(config.string(KeygateConfig.TLS_CERT).trim()),
        Path.of(config.string(KeygateConfig.TLS_KEY).trim()));
    return new TlsSettings(server, !"off".equals(management), reloadMs);
  }

  /** The management port's TLS, or {@code null}: plain HTTP there. */
  ServerTls managementServer() {
    return management ? server : null;
  }
}
