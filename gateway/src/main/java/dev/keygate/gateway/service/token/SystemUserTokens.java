package dev.keygate.gateway.service.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * ZITADEL's system users: JWTs that a caller signs with its own RSA key and sends as the system API's bearer, checked
 * against the public keys configured for each user id ({@code KEYGATE_SYSTEM_USERS}). A token passes when it is
 * RS256 by the key of {@code iss == sub}, a configured user; names the request's issuer URL in {@code aud} (with or
 * without a trailing slash); has not expired; lives at most an hour from its {@code iat} (and the second of SDKs
 * that read the clock twice, as {@link ClientAssertions} allows); and was not issued in the future beyond ZITADEL's
 * one second of tolerance. The signature is vertx-auth-jwt's check ({@link ClientSignedJwts}), so {@code none},
 * HS256 (also with the public key as the secret) and every other algorithm fail.
 *
 * <p>Verified tokens are kept per token string until their {@code exp}, so a load test that reuses its token pays one
 * signature check, not one per request. A kept token is still checked against the clock at every use (the cache's
 * own expiry follows the system ticker, which a test clock does not move) and against the issuer of each request
 * (one token may be sent to several hosts). Only tokens that verified are kept, so the cache holds at most what the
 * configured users signed.
 */
public final class SystemUserTokens {

  /** ZITADEL's tolerance for clock skew on a system user's token (the offset of its JWT profile verifier). */
  static final long LEEWAY_SECONDS = 1;
  static final long MAX_LIFETIME_SECONDS = 3600;
  /** The second of an hour's token whose iat and exp were read from the clock at two moments (see ClientAssertions). */
  static final long CLOCK_READINGS_SECONDS = 1;
  static final int CACHED_TOKENS = 10_000;

  /** What a verified token may still be used for: until when, and for which audiences. */
  private record Verified(long expiresAt, List<String> audiences) {}

  private final Map<String, String> publicKeys;
  private final Clock clock;
  /** Its own verifiers: user ids are chosen by the operator and must never meet the key ids of machine keys. */
  private final ClientSignedJwts signatures = new ClientSignedJwts();
  private final Cache<String, Verified> verified;

  private SystemUserTokens(Map<String, String> publicKeys, Clock clock) {
    this.publicKeys = publicKeys;
    this.clock = clock;
    this.verified = Caffeine.newBuilder().maximumSize(CACHED_TOKENS).expireAfter(Expiry.<String, Verified>creating(
        (token, entry) -> Duration.ofSeconds(Math.max(0, entry.expiresAt() - clock.instant().getEpochSecond()))))
        .build();
  }

  /**
   * The users of {@code publicKeys} (user id → PEM of an RSA public key, {@code -----BEGIN PUBLIC KEY-----}); fails
   * with {@link IllegalArgumentException} naming the first user whose key is not one.
   */
  public static SystemUserTokens of(Map<String, String> publicKeys, Clock clock) {
    for (Map.Entry<String, String> user : publicKeys.entrySet()) {
      try {
        ClientSignedJwts.jwk(user.getKey(), user.getValue());
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException("system user '" + user.getKey() + "': the key is not an RSA public key "
            + "in PEM (-----BEGIN PUBLIC KEY-----)");
      }
    }
    return new SystemUserTokens(Map.copyOf(publicKeys), clock);
  }

  /** No system user configured: the static token is the only way into the system API. */
  public boolean isEmpty() {
    return publicKeys.isEmpty();
  }

  /** Whether {@code token} is a valid system user's JWT for a request to {@code issuer}. Never throws. */
  public boolean verify(String token, String issuer) {
    long now = clock.instant().getEpochSecond();
    Verified known = verified.getIfPresent(token);
    if (known == null) {
      known = check(token, now);
      if (known == null) {
        return false;
      }
      verified.put(token, known);
    } else if (known.expiresAt() <= now) {
      verified.invalidate(token);
      return false;
    }
    return known.audiences().contains(issuer) || known.audiences().contains(issuer + "/");
  }

  /** For the test that a token is checked once: how many verified tokens are kept. */
  long cachedTokens() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /** The token's expiry and audiences if its signature and times are valid, else null. */
  private Verified check(String token, long now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    String keyId;
    String user;
    try {
      Base64.Decoder decoder = Base64.getUrlDecoder();
      JsonObject header = new JsonObject(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
      if (!ClientSignedJwts.ALGORITHM.equals(header.getValue("alg"))) {
        return null;
      }
      JsonObject claims = new JsonObject(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
      user = claims.getValue("sub") instanceof String sub ? sub : null;
      // ZITADEL looks the key up by the user alone and ignores a kid; the verifier must be bound to the one sent
      keyId = header.getValue("kid") instanceof String kid ? kid : user;
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
    String publicKey = user == null ? null : publicKeys.get(user);
    if (publicKey == null) {
      return null;
    }
    JsonObject claims = signatures.verifiedClaims(token, keyId, publicKey);
    if (claims == null || !user.equals(claims.getValue("iss")) || !user.equals(claims.getValue("sub"))) {
      return null;
    }
    Long exp = claims.getValue("exp") instanceof Number n ? n.longValue() : null;
    Long iat = claims.getValue("iat") instanceof Number n ? n.longValue() : null;
    if (exp == null || iat == null || exp <= now || iat > now + LEEWAY_SECONDS
        || exp - iat > MAX_LIFETIME_SECONDS + CLOCK_READINGS_SECONDS) {
      return null;
    }
    List<String> audiences = audiences(claims.getValue("aud"));
    return audiences.isEmpty() ? null : new Verified(exp, audiences);
  }

  private static List<String> audiences(Object aud) {
    if (aud instanceof String single) {
      return List.of(single);
    }
    if (aud instanceof JsonArray many) {
      return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
