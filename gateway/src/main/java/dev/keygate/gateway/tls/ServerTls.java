package dev.keygate.gateway.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Keygate's servers present, and its reload. Every HTTPS server of a Keygate (each HTTP verticle's,
 * the management server's) is configured from {@link #configure} and {@linkplain #register registered}; a periodic
 * timer ({@link #watch}) compares the modification time, size and file identity of the files ({@link
 * CertificateSource}: two PEM files or one PKCS#12 file) with what was loaded last, and when they changed reads and
 * checks them again ({@link CertificateFiles}) and hands the new certificate to
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

  /**
   * The ports of a Keygate. Both present the same certificate; only the main port requests client certificates,
   * when the system API wants them ({@code KEYGATE_SYSTEM_CLIENT_CA}): the management port's probes and scrapers
   * never have one.
   */
  public enum Port { MAIN, MANAGEMENT }

  /** What identifies a version of one file without reading it; all null and -1 for a missing file. */
  private record FileStamp(Object fileKey, FileTime modified, long size) {}

  /** A listening server and the port it serves, which decides its options on a reload. */
  private record Registered(HttpServer server, Port port) {}

  private final Vertx vertx;
  private final CertificateSource source;
  /** The authorities of the system API's client certificates, or {@code null}: none requested. */
  private final ClientCertificates clients;
  private final List<Registered> servers = new CopyOnWriteArrayList<>();
  private volatile CertificateFiles current;
  private volatile ServerSSLOptions options;
  /** The files' stamps when they were read last, whether they were good then or not. */
  private List<FileStamp> seen;

  private ServerTls(Vertx vertx, CertificateSource source, ClientCertificates clients, List<FileStamp> seen,
                    CertificateFiles files) {
    this.vertx = vertx;
    this.source = source;
    this.clients = clients;
    this.seen = seen;
    this.current = files;
    this.options = optionsOf(files);
  }

  /** Reads and checks both PEM files now; a problem fails with a message naming the setting and the file. */
  public static ServerTls load(Vertx vertx, Path certPath, Path keyPath) {
    return load(vertx, new CertificateSource.Pem(certPath, keyPath), null);
  }

  /**
   * Reads and checks the source now; a problem fails with a message naming the setting and the file. {@code
   * clients} (may be null) makes the main port request client certificates of those authorities.
   */
  public static ServerTls load(Vertx vertx, CertificateSource source, ClientCertificates clients) {
    List<FileStamp> stamp = stamp(source);
    return new ServerTls(vertx, source, clients, stamp, source.read());
  }

  private static ServerSSLOptions optionsOf(CertificateFiles files) {
    return new ServerSSLOptions()
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(files.certPem()).setKeyValue(files.keyPem()))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setApplicationLayerProtocols(ALPN);
  }

  /** The options of one port: the certificate's, and on the main port the client certificate request. */
  private ServerSSLOptions optionsFor(ServerSSLOptions certificate, Port port) {
    if (port == Port.MANAGEMENT || clients == null) {
      return certificate;
    }
    return certificate.copy().setClientAuth(ClientAuth.REQUEST).setTrustOptions(clients.handshakeTrust());
  }

  /** The authorities of the system API's client certificates, or {@code null}. */
  public ClientCertificates clientCertificates() {
    return clients;
  }

  /** HTTPS only on these options' port, with the current certificate (and the main port's client request). */
  public HttpServerOptions configure(HttpServerOptions server, Port port) {
    ServerSSLOptions now = optionsFor(options, port);
    server.setSsl(true)
        .setKeyCertOptions(now.getKeyCertOptions())
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    if (now.getClientAuth() != ClientAuth.NONE) {
      server.setClientAuth(now.getClientAuth()).setTrustOptions(now.getTrustOptions());
    }
    return server;
  }

  /** A listening server that gets each new certificate; {@link #unregister} when it closes. */
  public void register(HttpServer server, Port port) {
    servers.add(new Registered(server, port));
  }

  public void unregister(HttpServer server) {
    servers.removeIf(registered -> registered.server() == server);
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
      List<FileStamp> stamp = stamp(source);
      synchronized (this) {
        if (Objects.equals(stamp, seen)) {
          return null;
        }
        seen = stamp;
      }
      try {
        return source.read();
      } catch (IllegalArgumentException e) {
        LOG.warn("TLS certificate not reloaded, the one in use stays: {}", e.getMessage());
        return null;
      }
    }, false).compose(files -> files == null ? Future.succeededFuture(false) : update(files));
  }

  private Future<Boolean> update(CertificateFiles files) {
    ServerSSLOptions next = optionsOf(files);
    Future<Boolean> chain = Future.succeededFuture(true);
    for (Registered registered : servers) {
      ServerSSLOptions forPort = optionsFor(next, registered.port());
      chain = chain.compose(done -> registered.server().updateSSLOptions(forPort, true)
          .map(updated -> done && updated));
    }
    return chain.onSuccess(updated -> {
          current = files;
          options = next;
        })
        .onSuccess(updated -> LOG.info("TLS certificate reloaded from {}: {}, serial {}, valid until {}",
            source.files().get(0), files.leaf().getSubjectX500Principal().getName(),
            files.leaf().getSerialNumber().toString(16), files.leaf().getNotAfter().toInstant()))
        .onFailure(failure -> LOG.warn("TLS certificate not reloaded, the one in use stays: {}",
            failure.getMessage()));
  }

  /** Modification time, size and identity (inode) of each file; a missing file has none of them. */
  private static List<FileStamp> stamp(CertificateSource source) {
    List<FileStamp> stamps = new ArrayList<>();
    for (Path file : source.files()) {
      BasicFileAttributes attributes = attributes(file);
      stamps.add(attributes == null ? new FileStamp(null, null, -1)
          : new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size()));
    }
    return stamps;
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }
}
