package dev.keygate.gateway.service.token;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWT;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signature of a JWT that a client signed with its own RSA key, of which Keygate keeps the public key as PEM (a
 * machine user's or an API app's key; a ZITADEL system user's key can use the same), checked by vertx-auth-jwt's
 * {@link JWT} against that key as a JWK bound to RS256 and to its key id. So the library refuses {@code none}, HS256
 * (also with the public key as the secret), every other algorithm, another key id and a signature that does not
 * verify. Claims (lifetime, issuer, audience) are the caller's to check: this class never reads a clock.
 *
 * <p>One verifier per thread and key: vertx-auth-common 5.0.10 verifies under a lock ({@code JWS.verify} synchronizes
 * on the one {@code Signature} of its key), so a verifier shared between event loops would make them queue on one
 * monitor whenever clients of one key call at once, the common case of a busy service account; a verifier built per
 * request would decode the key and look up its {@code Signature} every time. Each thread keeps its own verifiers in a
 * small LRU map by key id, so their monitors are only ever taken by their own thread, which is uncontended.
 *
 * <p>{@link JWT} rather than {@code JWTAuth}: {@code JWTAuth.authenticate} runs the same {@code JWT.decode} and then
 * checks claims against the wall clock (not Keygate's {@code Clock}), one configured issuer and fixed audiences, where
 * an assertion's audience is whichever issuer the request came to and its issuer is the key's owner; set to check
 * nothing but the signature, it would only add a {@code User} per call and need a {@code Vertx} to be built.
 */
public final class ClientSignedJwts {

  /** The one algorithm of client keys: the keys Keygate issues are RSA-2048 and ZITADEL's clients sign with RS256. */
  public static final String ALGORITHM = "RS256";
  /** Verifiers kept per thread; more distinct keys in use on one thread cost a key decoding each. */
  static final int KEYS_PER_THREAD = 1024;

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** A verifier holding exactly one key, and the PEM it was made of. */
  private record Verifier(String publicKeyPem, JWT jwt) {}

  private final ThreadLocal<Map<String, Verifier>> verifiers = ThreadLocal.withInitial(() ->
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verifier> eldest) {
          return size() > KEYS_PER_THREAD;
        }
      });

  /**
   * The claims of {@code jwt} if its signature is an RS256 signature by this key and its header names
   * {@code keyId} or no key id; null for anything else, a key that is not an RSA public key included.
   */
  public JsonObject verifiedClaims(String jwt, String keyId, String publicKeyPem) {
    JWT verifier = verifier(keyId, publicKeyPem);
    if (verifier == null || jwt == null) {
      return null;
    }
    try {
      return verifier.decode(jwt);
    } catch (SignatureException | RuntimeException e) {
      return null;
    }
  }

  /** This thread's verifier of the key, made once per thread and key (and again if the key id gets another key). */
  JWT verifier(String keyId, String publicKeyPem) {
    Map<String, Verifier> mine = verifiers.get();
    Verifier known = mine.get(keyId);
    if (known != null && known.publicKeyPem().equals(publicKeyPem)) {
      return known.jwt();
    }
    JWT made;
    try {
      made = new JWT().addJWK(new JWK(jwk(keyId, publicKeyPem)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
    mine.put(keyId, new Verifier(publicKeyPem, made));
    return made;
  }

  /** The public key of a PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) as an RS256 JWK. */
  static JsonObject jwk(String keyId, String publicKeyPem) throws GeneralSecurityException {
    String base64 = publicKeyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    return new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", ALGORITHM).put("kid", keyId)
        .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
  }

  /** RFC 7518, section 6.3.1: the big-endian value in as few octets as it takes, base64url. */
  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    return URL.encodeToString(Arrays.copyOfRange(bytes, start, bytes.length));
  }
}
