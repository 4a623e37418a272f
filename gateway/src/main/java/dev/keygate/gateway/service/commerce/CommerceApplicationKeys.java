package dev.keygate.gateway.service.commerce;

import dev.keygate.gateway.service.token.SigningKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The application keys of commerce application IDs of type "application": a JWT signed by Keygate whose subject is
 * the application id and whose token id is the key id. Only the key id is stored, so regenerating the key or
 * deleting the application kills the old key at once.
 */
public final class CommerceApplicationKeys {

  /** The use application keys are signed for: no other kind of token is accepted as one. */
  static final String KEY_USE = "oracle-app-key";
  private static final int MAX_LIFETIME_DAYS = 365;

  /** A key just minted: its id, the JWT that only the issuing response shows, and its expiry (null: never). */
  record Key(String id, String jwt, Instant expiresAt) {}

  /** What a verified key names: its application and its key id (either may be null in a forged-looking key). */
  record Presented(String applicationId, String keyId) {}

  private final SigningKeys keys;
  private final CommerceTokenFormat format;

  public CommerceApplicationKeys(SigningKeys keys, CommerceTokenFormat format) {
    this.keys = keys;
    this.format = format;
  }

  /**
   * Oracle's lifetime rules: absent or -1 unlimited (no exp), 0 a key that cannot log in (it expires as it is
   * issued), over 365 days 365. {@code lifetimeDays} is already {@link #clamp clamped}.
   */
  Key mint(String instanceId, String applicationId, Integer lifetimeDays, Instant now) {
    String keyId = UUID.randomUUID().toString();
    long iat = now.getEpochSecond();
    JsonObject claims = format.applicationKeyClaims(applicationId, keyId, iat)
        .put(SigningKeys.INSTANCE_CLAIM, instanceId).put(SigningKeys.USE_CLAIM, KEY_USE);
    Instant expiresAt = null;
    if (lifetimeDays != null && lifetimeDays >= 0) {
      expiresAt = Instant.ofEpochSecond(iat).plus(Duration.ofDays(lifetimeDays));
      claims.put("exp", expiresAt.getEpochSecond());
    }
    return new Key(keyId, keys.signAsIs(claims), expiresAt);
  }

  /** A key we signed, expired or not (the stored application decides); fails for anything else. */
  Future<Presented> verify(String key) {
    return keys.verifyAnyExpiry(key, KEY_USE)
        .map(claims -> new Presented(claims.getString("sub"), claims.getString("jti")));
  }

  /** A requested lifetime in Oracle's range: null stays null, anything negative is -1, at most 365 days. */
  static Integer clamp(Integer lifetimeDays) {
    if (lifetimeDays == null || lifetimeDays < 0) {
      return lifetimeDays == null ? null : -1;
    }
    return Math.min(lifetimeDays, MAX_LIFETIME_DAYS);
  }
}
