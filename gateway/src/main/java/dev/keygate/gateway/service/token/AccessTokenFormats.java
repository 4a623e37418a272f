package dev.keygate.gateway.service.token;

import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.SecretHasher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The two formats of Keygate's access tokens, as ZITADEL's {@code accessTokenType} chooses them per machine user:
 * opaque bearer tokens ({@link OpaqueTokens}, the default) and ES256 JWTs ({@link SigningKeys}). Both carry the same
 * claims; reading one back gives those claims only for a token of ours, for access, not expired.
 */
public final class AccessTokenFormats {

  private final SigningKeys keys;
  private final OpaqueTokens opaque;
  private final SecretHasher hasher;
  private final VerificationCache cache;
  private final Clock clock;

  public AccessTokenFormats(SigningKeys keys, OpaqueTokens opaque, SecretHasher hasher, VerificationCache cache,
                            Clock clock) {
    this.keys = keys;
    this.opaque = opaque;
    this.hasher = hasher;
    this.cache = cache;
    this.clock = clock;
  }

  /** An access token with these claims, valid for {@code lifetimeSeconds} from now. */
  String issue(JsonObject claims, long lifetimeSeconds, boolean asJwt) {
    if (asJwt) {
      return keys.sign(claims, lifetimeSeconds);
    }
    long now = clock.instant().getEpochSecond();
    return opaque.seal(claims.copy().put("iat", now).put("exp", now + lifetimeSeconds));
  }

  /** Whether the token has the shape of one of our access tokens (rather than, say, a PAT). */
  public static boolean looksLikeAccessToken(String token) {
    return OpaqueTokens.looksOpaque(token) || Es256Jws.isCompact(token);
  }

  /**
   * The claims of one of our access tokens that has not expired, or null for any other token. Both formats are read
   * once and cached under the token's keyed hash, since resource servers present the same token again and again: a
   * JWT's ES256 verification, and an opaque token's opening (AES-GCM, then the JSON of its claims, which took a tenth
   * of an introspection's CPU in a JFR profile). Expiry is checked at every read.
   */
  Future<JsonObject> read(String token) {
    long now = clock.instant().getEpochSecond();
    if (token == null) {
      return Future.succeededFuture(null);
    }
    Supplier<Future<JsonObject>> load;
    if (OpaqueTokens.looksOpaque(token)) {
      load = () -> Future.succeededFuture(openedForAccess(token));
    } else if (Es256Jws.isCompact(token)) {
      load = () -> keys.verify(token, AccessTokens.USE).otherwise((JsonObject) null);
    } else {
      return Future.succeededFuture(null);
    }
    return cache.verifiedToken(hasher.hash(token), load)
        .map(claims -> claims != null && TokenTimes.current(claims, now) ? claims : null);
  }

  /** The claims of an opaque token sealed for access under the gateways' key, with an expiry; null for any other. */
  private JsonObject openedForAccess(String token) {
    JsonObject claims = opaque.open(token);
    return claims != null && AccessTokens.USE.equals(claims.getValue(SigningKeys.USE_CLAIM))
        && claims.getValue("exp") != null ? claims : null;
  }
}
