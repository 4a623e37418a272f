package dev.keygate.gateway.service.crypto;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;

/**
 * RSA-2048 machine keys and ZITADEL's JSON key file. The private key leaves Keygate exactly once, inside the key file
 * of the response that created it; only the public key is stored.
 */
public final class MachineKeys {

  private final Vertx vertx;

  public MachineKeys(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A freshly generated key pair, as PEM texts. */
  public record GeneratedKey(String publicKeyPem, String privateKeyPkcs1Pem) {}

  /** Generates on a worker thread: RSA key generation takes tens of milliseconds. */
  public Future<GeneratedKey> generate() {
    return vertx.executeBlocking(() -> {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return new GeneratedKey(pem("PUBLIC KEY", pair.getPublic().getEncoded()),
          pem("RSA PRIVATE KEY", pkcs1FromPkcs8(pair.getPrivate().getEncoded())));
    }, false);
  }

  /** ZITADEL's key file for a machine user's key, as bytes (the response writes it as standard base64). */
  public static byte[] serviceAccountKeyFile(String keyId, String userId, GeneratedKey key, Instant expiration) {
    JsonObject file = new JsonObject()
        .put("type", "serviceaccount")
        .put("keyId", keyId)
        .put("key", key.privateKeyPkcs1Pem())
        .put("expirationDate", expiration.toString())
        .put("userId", userId);
    return file.encode().getBytes(StandardCharsets.UTF_8);
  }

  /** ZITADEL's key file for an API app's key (private_key_jwt), as bytes. */
  public static byte[] applicationKeyFile(String keyId, String appId, String clientId, GeneratedKey key) {
    JsonObject file = new JsonObject()
        .put("type", "application")
        .put("keyId", keyId)
        .put("key", key.privateKeyPkcs1Pem())
        .put("appId", appId)
        .put("clientId", clientId);
    return file.encode().getBytes(StandardCharsets.UTF_8);
  }

  /** A key just issued: the id, the key file (the only copy of the private key) and the aggregate's new state. */
  public record IssuedKey(String keyId, byte[] keyFile, long sequence, Instant at, String orgId) {}

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /**
   * Unwraps the PKCS#1 RSAPrivateKey from a PKCS#8 PrivateKeyInfo:
   * {@code SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING privateKey }}.
   */
  static byte[] pkcs1FromPkcs8(byte[] pkcs8) throws GeneralSecurityException {
    Der der = new Der(pkcs8);
    der.enter(0x30);
    der.skip(0x02);
    der.skip(0x30);
    return der.contents(0x04);
  }

  /** Just enough of a DER reader for {@link #pkcs1FromPkcs8}. */
  private static final class Der {
    private final byte[] data;
    private int position;

    Der(byte[] data) {
      this.data = data;
    }

    void enter(int tag) throws GeneralSecurityException {
      expect(tag);
      length();
    }

    void skip(int tag) throws GeneralSecurityException {
      expect(tag);
      int length = length();
      position += length;
    }

    byte[] contents(int tag) throws GeneralSecurityException {
      expect(tag);
      int length = length();
      if (position + length > data.length) {
        throw new GeneralSecurityException("truncated DER");
      }
      byte[] out = new byte[length];
      System.arraycopy(data, position, out, 0, length);
      return out;
    }

    private void expect(int tag) throws GeneralSecurityException {
      if (position >= data.length || (data[position++] & 0xff) != tag) {
        throw new GeneralSecurityException("unexpected DER tag, wanted " + tag);
      }
    }

    private int length() throws GeneralSecurityException {
      int first = data[position++] & 0xff;
      if (first < 0x80) {
        return first;
      }
      int octets = first & 0x7f;
      if (octets > 3) {
        throw new GeneralSecurityException("DER length too large");
      }
      int length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (data[position++] & 0xff);
      }
      return length;
    }
  }
}
