package dev.keygate.gateway.tls;

import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The authorities whose client certificates the system API takes ({@code KEYGATE_SYSTEM_CLIENT_CA}), and the check
 * of a connection's certificate against them.
 *
 * <p>The check is split in two on purpose. The handshake ({@link #handshakeTrust()}) only <em>requests</em> a
 * certificate, naming these authorities so that clients pick the right one, and accepts whatever is shown: the TLS
 * layer still proves that the client holds the certificate's private key, but a missing or foreign certificate
 * must not break the connection, because the same port serves the management API, OAuth and every other surface,
 * whose clients know nothing of client certificates. Whether the certificate chains to these authorities is decided
 * per request, by the system API only ({@link #verified}): there a missing or untrusted certificate is answered
 * like a wrong token, in the surface's own shape, instead of a failed handshake the caller cannot read.
 *
 * <p>The verdict is the JDK's PKIX validation for a TLS client (the chain to one of the authorities, validity
 * dates, key usage and extended key usage {@code clientAuth} when present), made once per TLS session and kept in
 * it until the certificate expires, so a system client on a kept-alive connection pays for it once.
 */
public final class ClientCertificates {

  public static final String SETTING = "KEYGATE_SYSTEM_CLIENT_CA";

  /** The verdict kept in a TLS session: which authorities said yes, and until when. */
  private record Verdict(ClientCertificates by, Instant until) {}

  private static final String VERDICT = "dev.keygate.system-client-certificate";

  private final Path file;
  private final List<X509Certificate> authorities;
  private final X509TrustManager pkix;
  private final TrustOptions handshake;

  private ClientCertificates(Path file, List<X509Certificate> authorities, X509TrustManager pkix) {
    this.file = file;
    this.authorities = authorities;
    this.pkix = pkix;
    this.handshake = TrustOptions.wrap(new RequestOnly(authorities.toArray(X509Certificate[]::new)));
  }

  /** Reads the PEM file of authorities now; a problem fails with a message naming the setting and the file. */
  public static ClientCertificates read(Path file) {
    List<X509Certificate> authorities = CertificateFiles.chain(file, CertificateFiles.bytes(file, SETTING), SETTING);
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        anchors.setCertificateEntry("client-ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return new ClientCertificates(file, List.copyOf(authorities), x509);
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(SETTING + ": " + file + " cannot be used as trusted authorities ("
          + e.getClass().getSimpleName() + ")");
    }
    throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509TrustManager");
  }

  /** For the main port's handshake: request a certificate of these authorities, accept any (see the class). */
  public TrustOptions handshakeTrust() {
    return handshake;
  }

  /** The authorities, in the file's order. */
  public List<X509Certificate> authorities() {
    return authorities;
  }

  /** Whether the TLS session's client showed a certificate that chains to these authorities and is valid now. */
  public boolean verified(SSLSession session) {
    if (session == null) {
      return false;
    }
    // the system's time, as the PKIX validation below reads it
    Instant now = Instant.now();
    if (session.getValue(VERDICT) instanceof Verdict verdict && verdict.by() == this) {
      return now.isBefore(verdict.until());
    }
    Certificate[] shown;
    try {
      shown = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return false; // no certificate shown
    }
    X509Certificate[] chain = new X509Certificate[shown.length];
    for (int i = 0; i < shown.length; i++) {
      if (!(shown[i] instanceof X509Certificate x509)) {
        return false;
      }
      chain[i] = x509;
    }
    try {
      pkix.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
    } catch (CertificateException | IllegalArgumentException e) {
      return false;
    }
    session.putValue(VERDICT, new Verdict(this, chain[0].getNotAfter().toInstant()));
    return true;
  }

  @Override
  public String toString() {
    return "ClientCertificates[" + file + ", " + authorities.size() + " authorities]";
  }

  /**
   * The handshake's trust manager: names the authorities in the certificate request, accepts every client
   * certificate (the system API checks it, {@link #verified}), and never judges a server (it is a server's).
   */
  private static final class RequestOnly extends X509ExtendedTrustManager {

    private final X509Certificate[] issuers;

    RequestOnly(X509Certificate[] issuers) {
      this.issuers = issuers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // accepted here, judged per request by the system API
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // accepted here, judged per request by the system API
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // accepted here, judged per request by the system API
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a server's trust manager judges no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a server's trust manager judges no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a server's trust manager judges no server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return issuers.clone();
    }
  }
}
