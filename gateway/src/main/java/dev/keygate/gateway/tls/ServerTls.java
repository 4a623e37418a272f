package dev.keygate.gateway.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Keygate's servers present, and its reload. Every HTTPS server of a Keygate (each HTTP verticle's,
 * the management server's) is configured from {@link #configure} and {@linkplain #register registered}; a periodic
 * timer ({@link #watch}) compares the two files' modification time, size and file identity with what was loaded
 * last, and when they changed reads and checks them again ({@link CertificateFiles}) and hands the new certificate to
 * every registered server with Vert.x's {@link HttpServer#updateSSLOptions}: new connections get it, established
 * ones keep theirs. A file that is broken (half written, a key of another certificate) is logged once as a WARN
 * and the certificate in use stays.
 *
 * <p>TLS 1.2 and 1.3 only, Vert.x's default cipher suites (the JDK's modern ones), HTTP/2 and HTTP/1.1 over ALPN.
 */
public final class ServerTls {

  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  /** No TLS 1.0 or 1.1. */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  /** ALPN's names, HTTP/2 first, so that gRPC works as over h2c. */
  private static final List<String> ALPN = List.of("h2", "http/1.1");

  /** What identifies a version of both files without reading them. */
  private record Stamp(Object certKey, FileTime certModified, long certSize, Object keyKey, FileTime keyModified,
                       long keySize) {}

  private final Vertx vertx;
  private final Path certPath;
  private final Path keyPath;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private volatile CertificateFiles current;
  private volatile ServerSSLOptions options;
  /** The files' stamp when they were read last, whether they were good then or not. */
  private Stamp seen;

  private ServerTls(Vertx vertx, Path certPath, Path keyPath, Stamp seen, CertificateFiles files) {
    this.vertx = vertx;
    this.certPath = certPath;
    this.keyPath = keyPath;
    this.seen = seen;
    this.current = files;
    this.options = optionsOf(files);
  }

  /** Reads and checks both files now; a problem fails with a message naming the setting and the file. */
  public static ServerTls load(Vertx vertx, Path certPath, Path keyPath) {
    Stamp stamp = stamp(certPath, keyPath);
    return new ServerTls(vertx, certPath, keyPath, stamp, CertificateFiles.read(certPath, keyPath));
  }

  private static ServerSSLOptions optionsOf(CertificateFiles files) {
    return new ServerSSLOptions()
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(files.certPem()).setKeyValue(files.keyPem()))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setApplicationLayerProtocols(ALPN);
  }

  /** HTTPS only on these options' port, with the current certificate. */
  public HttpServerOptions configure(HttpServerOptions server) {
    ServerSSLOptions now = options;
    return server.setSsl(true)
        .setKeyCertOptions(now.getKeyCertOptions())
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
  }

  /** A listening server that gets each new certificate; {@link #unregister} when it closes. */
  public void register(HttpServer server) {
    servers.add(server);
  }

  public void unregister(HttpServer server) {
    servers.remove(server);
  }

  /** The certificate served now. */
  public CertificateFiles current() {
    return current;
  }

  /** Looks at the files every {@code periodMs} milliseconds; the timer's id, for the caller to cancel. */
  public long watch(long periodMs) {
    return vertx.setPeriodic(periodMs, periodMs, id -> reloadIfChanged());
  }

  /**
   * One look at the files (off the event loop): when they changed since the last look, reads them, and if they are
   * good, updates every registered server. Completes with whether a new certificate went to the servers.
   */
  public Future<Boolean> reloadIfChanged() {
    return vertx.executeBlocking(() -> {
      Stamp stamp = stamp(certPath, keyPath);
      synchronized (this) {
        if (Objects.equals(stamp, seen)) {
          return null;
        }
        seen = stamp;
      }
      try {
        return CertificateFiles.read(certPath, keyPath);
      } catch (IllegalArgumentException e) {
        LOG.warn("TLS certificate not reloaded, the one in use stays: {}", e.getMessage());
        return null;
      }
    }, false).compose(files -> files == null ? Future.succeededFuture(false) : update(files));
  }

  private Future<Boolean> update(CertificateFiles files) {
    ServerSSLOptions next = optionsOf(files);
    Future<Boolean> chain = Future.succeededFuture(true);
    for (HttpServer server : servers) {
      chain = chain.compose(done -> server.updateSSLOptions(next, true).map(updated -> done && updated));
    }
    return chain.onSuccess(updated -> {
          current = files;
          options = next;
        })
        .onSuccess(updated -> LOG.info("TLS certificate reloaded from {}: {}, serial {}, valid until {}",
            certPath, files.leaf().getSubjectX500Principal().getName(), files.leaf().getSerialNumber().toString(16),
            files.leaf().getNotAfter().toInstant()))
        .onFailure(failure -> LOG.warn("TLS certificate not reloaded, the one in use stays: {}",
            failure.getMessage()));
  }

  /** Modification time, size and identity (inode) of both files; a missing file has none of them. */
  private static Stamp stamp(Path certPath, Path keyPath) {
    BasicFileAttributes cert = attributes(certPath);
    BasicFileAttributes key = attributes(keyPath);
    return new Stamp(cert == null ? null : cert.fileKey(), cert == null ? null : cert.lastModifiedTime(),
        cert == null ? -1 : cert.size(), key == null ? null : key.fileKey(),
        key == null ? null : key.lastModifiedTime(), key == null ? -1 : key.size());
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }
}
