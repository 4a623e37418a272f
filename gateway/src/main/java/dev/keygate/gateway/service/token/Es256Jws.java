package dev.keygate.gateway.service.token;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * ES256 JSON Web Signatures in compact form (RFC 7515), signed and verified with one {@link Signature} object per
 * thread and key. {@code Signature} is not thread-safe; sharing one behind a lock (as vertx-auth-jwt 5.0.10 does per
 * key) makes every event loop queue on one monitor, and a new one per call pays its set-up each time. A used
 * {@code Signature} returns to its initialized state, so each thread keeps its own, ready, for as long as it lives.
 * The signature is in the JOSE form (r‖s, 64 bytes), which the JDK and Amazon Corretto Crypto Provider both produce
 * directly as {@code SHA256withECDSAinP1363Format}.
 */
final class Es256Jws {

  private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private final PrivateKey signingKey;
  private final Map<String, PublicKey> verificationKeys;
  /** The encoded protected header of every token this signer issues (it never changes). */
  private final String header;
  private final ThreadLocal<Signature> signers;
  private final ThreadLocal<Map<String, Signature>> verifiers = ThreadLocal.withInitial(HashMap::new);

  Es256Jws(String signingKeyId, PrivateKey signingKey, Map<String, PublicKey> verificationKeys) {
    this.signingKey = signingKey;
    this.verificationKeys = Map.copyOf(verificationKeys);
    this.header = URL.encodeToString(new JsonObject().put("typ", "JWT").put("alg", "ES256").put("kid", signingKeyId)
        .encode().getBytes(StandardCharsets.UTF_8));
    this.signers = ThreadLocal.withInitial(this::newSigner);
  }

  /** The compact serialization of these claims, signed with the current key. */
  String sign(JsonObject claims) {
    String signingInput = header + "." + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = signers.get();
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ES256 signing failed", e);
    }
  }

  /**
   * The claims of a token signed by one of our keys, or null for anything else: not three parts, not ES256, an
   * unknown key id, a bad signature or claims that are not a JSON object. Says nothing about expiry or use.
   */
  JsonObject verify(String token) {
    if (!isCompact(token)) {
      return null;
    }
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    try {
      JsonObject protectedHeader = json(token.substring(0, first));
      if (protectedHeader == null || !"ES256".equals(protectedHeader.getValue("alg"))
          || !(protectedHeader.getValue("kid") instanceof String kid) || !verificationKeys.containsKey(kid)) {
        return null;
      }
      byte[] signature = URL_DECODER.decode(token.substring(second + 1));
      if (signature.length != 64 || !verified(kid, token.substring(0, second), signature)) {
        return null;
      }
      return json(token.substring(first + 1, second));
    } catch (IllegalArgumentException e) {
      return null; // not base64url
    }
  }

  private boolean verified(String kid, String signingInput, byte[] signature) {
    Map<String, Signature> mine = verifiers.get();
    Signature verifier = mine.computeIfAbsent(kid, this::newVerifier);
    try {
      verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      mine.remove(kid); // a failed call may leave the object mid-way: the next call starts from a fresh one
      return false;
    }
  }

  /** Whether the token has the compact serialization's shape: three parts, two dots. */
  static boolean isCompact(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return second > 0 && token.indexOf('.', second + 1) < 0;
  }

  private static JsonObject json(String part) {
    try {
      Object value = Json.decodeValue(new String(URL_DECODER.decode(part), StandardCharsets.UTF_8));
      return value instanceof JsonObject object ? object : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private Signature newSigner() {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(signingKey);
      return signature;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no ES256 signer", e);
    }
  }

  private Signature newVerifier(String kid) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(verificationKeys.get(kid));
      return signature;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no ES256 verifier", e);
    }
  }
}
