package dev.keygate.gateway.tls;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A PKCS#12 keystore ({@code openssl pkcs12 -export}, a .pfx of Windows) read into the same {@link CertificateFiles}
 * as the PEM files: its first entry with a private key gives the key and its chain, re-encoded as PEM, so that the
 * servers are configured (and reloaded) one way whichever form the operator has. A failure names the setting and
 * the file, never the password: a wrong password is told apart from a file that is no keystore, since that is what
 * the operator has to fix.
 */
final class Pkcs12File {

  static final String SETTING = "KEYGATE_TLS_PKCS12";
  static final String PASSWORD_SETTING = "KEYGATE_TLS_PKCS12_PASSWORD";

  private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pkcs12File() {}

  static CertificateFiles read(Path file, String password) {
    byte[] bytes = CertificateFiles.bytes(file, SETTING);
    char[] secret = password == null ? new char[0] : password.toCharArray();
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), secret);
    } catch (IOException e) {
      // the JDK says "keystore password was incorrect" with an UnrecoverableKeyException as the cause
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException(SETTING + ": " + file + " does not open with the password in "
            + PASSWORD_SETTING + " (wrong password)");
      }
      throw new IllegalArgumentException(SETTING + ": " + file + " is not a PKCS#12 keystore the JDK can read ("
          + e.getClass().getSimpleName() + ")");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(SETTING + ": " + file + " is not a PKCS#12 keystore the JDK can read ("
          + e.getClass().getSimpleName() + ")");
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Key key = store.getKey(alias, secret);
        Certificate[] chain = store.getCertificateChain(alias);
        if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
          return files(file, privateKey, chain);
        }
      }
    } catch (UnrecoverableKeyException e) {
      throw new IllegalArgumentException(SETTING + ": the key in " + file + " does not open with the password in "
          + PASSWORD_SETTING + " (wrong password)");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(SETTING + ": " + file + " holds a key that cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    throw new IllegalArgumentException(SETTING + ": " + file + " holds no private key with its certificate "
        + "(openssl pkcs12 -export -in <chain> -inkey <key>)");
  }

  private static CertificateFiles files(Path file, PrivateKey key, Certificate[] certificates)
      throws GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    StringBuilder certPem = new StringBuilder();
    for (Certificate certificate : certificates) {
      if (certificate instanceof X509Certificate x509) {
        chain.add(x509);
        certPem.append(pem("CERTIFICATE", x509.getEncoded()));
      }
    }
    if (chain.isEmpty() || key.getEncoded() == null) {
      throw new IllegalArgumentException(SETTING + ": " + file + " holds no X.509 certificate with an exportable key");
    }
    return new CertificateFiles(file, file, List.copyOf(chain), Buffer.buffer(certPem.toString()),
        Buffer.buffer(pem("PRIVATE KEY", key.getEncoded())));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
