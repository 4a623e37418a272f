package dev.keygate.gateway.service.token;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA keys of a client for the tests, and JWTs signed the way a client (or an attacker) would, with the JDK's crypto
 * only: the public key as Keygate stores it (PEM, 64 columns), any header and algorithm.
 */
final class TestRsaKeys {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** A client's key pair under a key id; {@code publicKeyPem} is what Keygate would have stored. */
  record Key(String keyId, PrivateKey privateKey, String publicKeyPem) {

    String rs256(JsonObject claims) {
      return sign("RS256", claims);
    }

    /** Signed with {@code alg} (RS256, RS512 or PS256), which the header names. */
    String sign(String alg, JsonObject claims) {
      return signAs(alg, jcaName(alg), claims);
    }

    /** A header naming {@code headerAlg}, signed with the JCA algorithm {@code jcaAlgorithm}. */
    String signAs(String headerAlg, String jcaAlgorithm, JsonObject claims) {
      return withHeader(new JsonObject().put("alg", headerAlg).put("kid", keyId).put("typ", "JWT"), claims,
          jcaAlgorithm);
    }

    /** Any header, signed with RS256. */
    String withHeader(JsonObject header, JsonObject claims) {
      return withHeader(header, claims, "SHA256withRSA");
    }

    Key withPem(String otherPem) {
      return new Key(keyId, privateKey, otherPem);
    }

    private String withHeader(JsonObject header, JsonObject claims, String jcaAlgorithm) {
      String signingInput = encode(header.encode()) + "." + encode(claims.encode());
      try {
        Signature signature = Signature.getInstance(jcaAlgorithm.startsWith("RSASSA-PSS") ? "RSASSA-PSS"
            : jcaAlgorithm);
        if (jcaAlgorithm.startsWith("RSASSA-PSS")) {
          signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        signature.initSign(privateKey);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String jcaName(String alg) {
      return switch (alg) {
        case "RS256" -> "SHA256withRSA";
        case "RS512" -> "SHA512withRSA";
        case "PS256" -> "RSASSA-PSS/SHA-256";
        default -> throw new IllegalArgumentException(alg);
      };
    }
  }

  private TestRsaKeys() {}

  /** A fresh RSA-2048 key pair, its public key as PEM the way Keygate writes it. */
  static Key generate(String keyId) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(pair.getPublic().getEncoded());
      return new Key(keyId, pair.getPrivate(), "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String encode(String text) {
    return URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code alg: none}, with an empty signature part. */
  static String unsigned(String keyId, JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("kid", keyId).encode()) + "." + encode(claims.encode())
        + ".";
  }

  /** The classic confusion: HS256 with the server's copy of the public key (its PEM text) as the HMAC secret. */
  static String hs256(String keyId, JsonObject claims, String secret) {
    String signingInput = encode(new JsonObject().put("alg", "HS256").put("kid", keyId).put("typ", "JWT").encode())
        + "." + encode(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A base64url text with its first character changed: other bytes, still valid base64url. */
  static String flipFirstCharacter(String base64url) {
    return (base64url.charAt(0) == 'A' ? 'B' : 'A') + base64url.substring(1);
  }
}
