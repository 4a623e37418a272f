package dev.keygate.gateway.service.token;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ES256 keys that sign Keygate's JWTs (access tokens of JWT users, Oracle keys and sessions), with
 * {@link Es256Jws}: one {@code Signature} per thread, so event loops never queue on a shared lock. Keys live in the
 * store as server keys, so every gateway process sharing it signs and verifies with the same ones. Rotation is
 * configuration: the current key id signs; the previous ids only verify and stay in the JWKS until the tokens they
 * signed have expired.
 */
public final class SigningKeys {

  private static final String PREFIX = "oauth-signing-key:";

  /**
   * What a token signed with these keys is for; every verifier checks it, so that no kind of token is accepted where
   * another is expected (e.g. an Oracle application key as an access token).
   */
  public static final String USE_CLAIM = "urn:keygate:use";
  /** The instance a token belongs to: every token we sign carries it, so that no instance accepts another's. */
  public static final String INSTANCE_CLAIM = "urn:keygate:instance";
  /** The organization of the user or application a token was issued to. */
  public static final String ORG_CLAIM = "urn:keygate:org";

  private record Key(String id, PrivateKey privateKey, ECPublicKey publicKey) {}

  private final Es256Jws jws;
  private final JsonObject jwks;
  private final Clock clock;

  private SigningKeys(String currentId, List<Key> keys, Clock clock) {
    Map<String, PublicKey> verification = new HashMap<>();
    JsonArray published = new JsonArray();
    PrivateKey signing = null;
    for (Key key : keys) {
      verification.put(key.id(), key.publicKey());
      if (key.id().equals(currentId)) {
        signing = key.privateKey();
      }
      published.add(jwk(key));
    }
    this.jws = new Es256Jws(currentId, signing, verification);
    this.jwks = new JsonObject().put("keys", published);
    this.clock = clock;
  }

  /** Loads (creating if none exists yet) the current key and the previous ones still accepted. */
  public static Future<SigningKeys> load(Vertx vertx, ServerKeyStore store, Clock clock, String currentId,
                                         List<String> previousIds) {
    List<String> ids = new ArrayList<>();
    ids.add(currentId);
    previousIds.stream().filter(id -> !id.isBlank() && !id.equals(currentId)).forEach(ids::add);
    List<Future<Key>> keys = new ArrayList<>();
    for (String id : ids) {
      keys.add(vertx.executeBlocking(SigningKeys::newKeyMaterial, false)
          .compose(candidate -> store.serverKey(PREFIX + id, candidate))
          .map(stored -> decode(id, stored)));
    }
    return Future.all(keys).map(all -> new SigningKeys(currentId, all.list(), clock));
  }

  /** Signs the claims with an {@code iat} of now and an {@code exp} that many seconds later. */
  public String sign(JsonObject claims, long lifetimeSeconds) {
    long now = clock.instant().getEpochSecond();
    return jws.sign(claims.copy().put("iat", now).put("exp", now + lifetimeSeconds));
  }

  /** Signs the claims with an {@code iat} of now, and no exp unless the claims carry one (keys that never expire). */
  public String signAsIs(JsonObject claims) {
    return jws.sign(claims.copy().put("iat", clock.instant().getEpochSecond()));
  }

  /**
   * The claims of a token one of our keys signed for {@code use}, that has an exp and has not expired; fails
   * otherwise.
   */
  public Future<JsonObject> verify(String token, String use) {
    return verifyAnyExpiry(token, use).map(claims -> {
      if (claims.getLong("exp") == null) {
        throw new IllegalStateException("a token without exp");
      }
      return claims;
    });
  }

  /** Like {@link #verify}, but a token without exp (one that never expires) is good too. */
  public Future<JsonObject> verifyAnyExpiry(String token, String use) {
    JsonObject claims = token == null ? null : jws.verify(token);
    if (claims == null) {
      return Future.failedFuture(new IllegalStateException("not a token of ours"));
    }
    if (!TokenTimes.current(claims, clock.instant().getEpochSecond())) {
      return Future.failedFuture(new IllegalStateException("an expired or not yet valid token"));
    }
    if (!use.equals(claims.getValue(USE_CLAIM))) {
      return Future.failedFuture(new IllegalStateException("a token for another use"));
    }
    return Future.succeededFuture(claims);
  }

  public JsonObject jwks() {
    return jwks.copy();
  }

  /** PKCS#8 private key and X.509 public key, each length-prefixed, as one server-key value. */
  private static byte[] newKeyMaterial() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String joined = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "."
        + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    return joined.getBytes(StandardCharsets.US_ASCII);
  }

  private static Key decode(String id, byte[] stored) {
    String[] parts = new String(stored, StandardCharsets.US_ASCII).split("\\.");
    byte[] privateDer = Base64.getDecoder().decode(parts[0]);
    byte[] publicDer = Base64.getDecoder().decode(parts[1]);
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(publicDer));
      return new Key(id, factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)), publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing key " + id + " in the store is unreadable", e);
    }
  }

  private static JsonObject jwk(Key key) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return new JsonObject().put("kty", "EC").put("crv", "P-256").put("use", "sig").put("alg", "ES256")
        .put("kid", key.id())
        .put("x", url.encodeToString(coordinate(key.publicKey().getW().getAffineX())))
        .put("y", url.encodeToString(coordinate(key.publicKey().getW().getAffineY())));
  }

  /** An unsigned big-endian coordinate of exactly 32 bytes. */
  private static byte[] coordinate(BigInteger value) {
    byte[] raw = value.toByteArray();
    if (raw.length == 32) {
      return raw;
    }
    byte[] fixed = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
    return raw.length > 32 ? Arrays.copyOfRange(raw, raw.length - 32, raw.length) : fixed;
  }
}
