package dev.keygate.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made at test time with the {@code openssl} command line, in a directory of the test's, and
 * the server certificates it signs for {@code localhost} and {@code 127.0.0.1} (both as subject alternative names).
 * Clients of the tests trust this CA only ({@link #sslContext()}, {@link #caPem()}).
 */
public final class TestCa {

  /** A server certificate and its key, as files; {@code serial} as the CA set it. */
  public record ServerCertificate(Path cert, Path key, BigInteger serial) {}

  private final Path dir;
  private final Path caKey;
  private final Path caPem;

  private TestCa(Path dir) {
    this.dir = dir;
    this.caKey = dir.resolve("ca.key");
    this.caPem = dir.resolve("ca.pem");
  }

  public static TestCa create(Path dir) {
    TestCa ca = new TestCa(dir);
    ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca.caKey.toString(), "-out",
        ca.caPem.toString(), "-days", "2", "-subj", "/CN=Keygate Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return ca;
  }

  public Path caPem() {
    return caPem;
  }

  /** An RSA server certificate whose key file is PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
  public ServerCertificate rsaPkcs1(String name, long serial) {
    Path pkcs8 = dir.resolve(name + ".pkcs8.key");
    Path key = dir.resolve(name + ".key");
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pkcs8.toString());
    openssl("rsa", "-in", pkcs8.toString(), "-traditional", "-out", key.toString());
    return sign(name, key, serial);
  }

  /** An EC (P-256) server certificate whose key file is PKCS#8 ({@code BEGIN PRIVATE KEY}). */
  public ServerCertificate ecPkcs8(String name, long serial) {
    Path key = dir.resolve(name + ".key");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    return sign(name, key, serial);
  }

  private ServerCertificate sign(String name, Path key, long serial) {
    Path csr = dir.resolve(name + ".csr");
    Path extensions = dir.resolve(name + ".ext");
    Path cert = dir.resolve(name + ".pem");
    try {
      Files.writeString(extensions, "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
          + "extendedKeyUsage=serverAuth\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=localhost", "-out", csr.toString());
    openssl("x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
        "-set_serial", Long.toString(serial), "-days", "2", "-extfile", extensions.toString(), "-out",
        cert.toString());
    return new ServerCertificate(cert, key, BigInteger.valueOf(serial));
  }

  /** A TLS client context that trusts this CA and nothing else. */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(caPem)) {
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("keygate-test-ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void openssl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    try {
      ExternalTools.Result result = ExternalTools.run(command, dir, 60);
      if (result.exitCode() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
