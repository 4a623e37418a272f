package dev.keygate.gateway.tls;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key, read from PEM files (or from a PKCS#12 file, {@link Pkcs12File}, whose
 * path is then both {@code certPath} and {@code keyPath}) and checked before any server sees them: the chain
 * parses, the key is PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), and the key
 * belongs to the chain's first certificate (it signs, the certificate's public key verifies). A failure is an
 * {@link IllegalArgumentException} whose message names the setting and the file, never a byte of the key, so that it
 * can be shown to the operator as it is.
 */
public record CertificateFiles(Path certPath, Path keyPath, List<X509Certificate> chain, Buffer certPem,
                               Buffer keyPem) {

  /** The settings the two files come from, as the messages name them. */
  public static final String CERT_SETTING = "KEYGATE_TLS_CERT";
  public static final String KEY_SETTING = "KEYGATE_TLS_KEY";

  private static final Pattern PEM_BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  /** DER of {@code AlgorithmIdentifier { rsaEncryption, NULL }}, the part a PKCS#1 key lacks to be PKCS#8. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  /** Reads and checks both files. */
  public static CertificateFiles read(Path certPath, Path keyPath) {
    byte[] certBytes = bytes(certPath, CERT_SETTING);
    byte[] keyBytes = bytes(keyPath, KEY_SETTING);
    List<X509Certificate> chain = chain(certPath, certBytes, CERT_SETTING);
    PrivateKey key = privateKey(keyPath, new String(keyBytes, StandardCharsets.US_ASCII));
    if (!belongsTo(key, chain.get(0))) {
      throw new IllegalArgumentException(KEY_SETTING + " (" + keyPath + ") is not the key of the certificate in "
          + CERT_SETTING + " (" + certPath + ", " + chain.get(0).getSubjectX500Principal().getName() + ")");
    }
    return new CertificateFiles(certPath, keyPath, List.copyOf(chain), Buffer.buffer(certBytes),
        Buffer.buffer(keyBytes));
  }

  /** Paths and subject only: the key's bytes never reach a log line through this. */
  @Override
  public String toString() {
    return "CertificateFiles[" + certPath + ", " + keyPath + ", " + leaf().getSubjectX500Principal().getName() + "]";
  }

  /** The first certificate, the one the server presents. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  static byte[] bytes(Path path, String setting) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(setting + ": no such file " + path);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(setting + ": cannot read " + path + " (permission denied)");
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + ": cannot read " + path + " (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  /** The PEM certificates in the file, in their order; none is a failure naming {@code setting}. */
  static List<X509Certificate> chain(Path path, byte[] pem, String setting) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher block = PEM_BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
      while (block.find()) {
        if (block.group(1).equals("CERTIFICATE")) {
          chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(
              Base64.getMimeDecoder().decode(block.group(2)))));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": " + path + " holds a certificate that cannot be read ("
          + e.getMessage() + ")");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(setting + ": " + path + " holds no PEM certificate "
          + "(-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  /** The key's own exceptions are not passed on: their text is not shown, lest it ever quote key bytes. */
  private static PrivateKey privateKey(Path path, String pem) {
    Matcher block = PEM_BLOCK.matcher(pem);
    while (block.find()) {
      String type = block.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(block.group(2));
      } catch (IllegalArgumentException e) {
        throw unreadableKey(path, type);
      }
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(path, type, der);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(path, type, pkcs1ToPkcs8(der));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(KEY_SETTING + ": " + path
            + " is encrypted; Keygate reads unencrypted keys only (openssl pkcs8 -topk8 -nocrypt)");
        default -> {
          // another block (e.g. EC PARAMETERS): look further
        }
      }
    }
    throw new IllegalArgumentException(KEY_SETTING + ": " + path + " holds no PKCS#8 (-----BEGIN PRIVATE KEY-----) "
        + "or PKCS#1 (-----BEGIN RSA PRIVATE KEY-----) key");
  }

  private static PrivateKey pkcs8(Path path, String type, byte[] der) {
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw unreadableKey(path, type);
  }

  private static IllegalArgumentException unreadableKey(Path path, String type) {
    return new IllegalArgumentException(KEY_SETTING + ": " + path + " holds a " + type
        + " block that is not an RSA, EC or Ed25519 key");
  }

  /** {@code PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { the PKCS#1 key } }}. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.write(0x30);
    info.writeBytes(derLength(body.size()));
    info.writeBytes(body.toByteArray());
    return info.toByteArray();
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }

  /** Whether the certificate's public key verifies what the key signs. */
  private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    if (!certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    try {
      byte[] challenge = "keygate: does this key belong to the certificate?".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
