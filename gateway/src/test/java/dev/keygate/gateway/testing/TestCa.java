package dev.keygate.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

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
    return sign(name, key, serial, "serverAuth");
  }

  /** An EC (P-256) server certificate whose key file is PKCS#8 ({@code BEGIN PRIVATE KEY}). */
  public ServerCertificate ecPkcs8(String name, long serial) {
    Path key = dir.resolve(name + ".key");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    return sign(name, key, serial, "serverAuth");
  }

  /** A client certificate (EC P-256, extended key usage {@code clientAuth}), as mTLS clients hold them. */
  public ServerCertificate client(String name, long serial) {
    Path key = dir.resolve(name + ".key");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    return sign(name, key, serial, "clientAuth");
  }

  /**
   * The certificate, its key and this CA's certificate in one PKCS#12 file, as {@code openssl pkcs12 -export} makes
   * it for an operator (OpenSSL 3's defaults: AES-256-CBC, HMAC-SHA256).
   */
  public Path pkcs12(ServerCertificate certificate, String password) {
    Path file = dir.resolve(certificate.cert().getFileName() + ".p12");
    openssl("pkcs12", "-export", "-in", certificate.cert().toString(), "-inkey", certificate.key().toString(),
        "-certfile", caPem.toString(), "-name", "keygate", "-passout", "pass:" + password, "-out", file.toString());
    return file;
  }

  private ServerCertificate sign(String name, Path key, long serial, String extendedKeyUsage) {
    Path csr = dir.resolve(name + ".csr");
    Path extensions = dir.resolve(name + ".ext");
    Path cert = dir.resolve(name + ".pem");
    try {
      Files.writeString(extensions, "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
          + "extendedKeyUsage=" + extendedKeyUsage + "\n");
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
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A TLS client context that trusts this CA and shows the key and certificate of {@code clientPkcs12} (which may
   * come from another CA) to every server that asks, whatever authorities the server names: the server's own
   * check is under test, not the JDK's choice of a certificate.
   */
  public SSLContext sslContext(Path clientPkcs12, String password) {
    try (InputStream in = Files.newInputStream(clientPkcs12)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password.toCharArray());
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, password.toCharArray());
      X509ExtendedKeyManager shown = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
      String alias = keys.aliases().nextElement();
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new AlwaysShown(shown, alias)}, trustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(caPem)) {
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("keygate-test-ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      return trust.getTrustManagers();
    }
  }

  /** A client key manager that always offers its one alias. */
  private static final class AlwaysShown extends X509ExtendedKeyManager {

    private final X509ExtendedKeyManager keys;
    private final String alias;

    AlwaysShown(X509ExtendedKeyManager keys, String alias) {
      this.keys = keys;
      this.alias = alias;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return alias;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return alias;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {alias};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String name) {
      return keys.getCertificateChain(name);
    }

    @Override
    public PrivateKey getPrivateKey(String name) {
      return keys.getPrivateKey(name);
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
