package dev.keygate.gateway.service.token;

import dev.keygate.gateway.domain.CredentialFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * RS256 JWTs signed by a client with a key Keygate issued: the jwt-bearer grant's assertion (RFC 7523) and
 * private_key_jwt client authentication. Read before the key is looked up ({@link #parse}); their signature checked
 * by vertx-auth-jwt against the public key Keygate stored ({@link ClientSignedJwts}), their claims here.
 * Every refusal is a {@link CredentialFailure} of reason {@code INVALID_ASSERTION}.
 */
final class ClientAssertions {

  /** Clock skew tolerated on iat and exp. */
  private static final long LEEWAY_SECONDS = 60;
  private static final long MAX_LIFETIME_SECONDS = 3600;
  /**
   * A second more than the hour: ZITADEL's Java and Node SDKs read the clock once for iat and again for exp and cut
   * each to whole seconds, so their hour's assertion is 3601 seconds long whenever a second ticks in between.
   */
  private static final long CLOCK_READINGS_SECONDS = 1;
  /** One for the process: its verifiers are per thread and key, whichever grant or endpoint asks. */
  private static final ClientSignedJwts SIGNATURES = new ClientSignedJwts();

  /** An assertion split and decoded, not yet verified. */
  record Parsed(String jwt, String keyId, JsonObject claims) {

    public String issuer() {
      return string(claims.getValue("iss"));
    }

    public String subject() {
      return string(claims.getValue("sub"));
    }
  }

  private ClientAssertions() {}

  /** The audiences an assertion may name: the issuer, with or without a trailing slash, or its token endpoint. */
  static List<String> audiences(String issuer) {
    return List.of(issuer, issuer + "/", issuer + "/oauth/v2/token");
  }

  static Parsed parse(String jwt) {
    String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw invalid("the assertion is not a JWT");
    }
    try {
      Base64.Decoder decoder = Base64.getUrlDecoder();
      JsonObject header = new JsonObject(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
      if (!ClientSignedJwts.ALGORITHM.equals(header.getString("alg"))) {
        throw invalid("the assertion must be signed with RS256");
      }
      String keyId = header.getValue("kid") instanceof String kid ? kid : null;
      if (keyId == null) {
        throw invalid("the assertion has no kid");
      }
      JsonObject claims = new JsonObject(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
      // a signature part that is not base64url makes the whole assertion "not a JWT", before any key is looked up
      decoder.decode(parts[2]);
      return new Parsed(jwt, keyId, claims);
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalid("the assertion is not a JWT");
    }
  }

  /**
   * Checks the signature by the key of {@code publicKeyPem}, then in the claims so verified
   * {@code iss == sub == expectedSubject}, an audience among {@code audiences}, and a lifetime of at
   * most an hour (and the second of {@link #CLOCK_READINGS_SECONDS}) that includes now.
   */
  static void verify(Parsed assertion, String publicKeyPem, String expectedSubject, Collection<String> audiences,
                     Instant now) {
    JsonObject claims = SIGNATURES.verifiedClaims(assertion.jwt(), assertion.keyId(), publicKeyPem);
    if (claims == null) {
      throw invalid("the assertion's signature is invalid");
    }
    String issuer = string(claims.getValue("iss"));
    String subject = string(claims.getValue("sub"));
    if (!expectedSubject.equals(issuer) || !expectedSubject.equals(subject)) {
      throw invalid("iss and sub must both be " + expectedSubject);
    }
    if (!audienceMatches(claims.getValue("aud"), audiences)) {
      throw invalid("aud must be the issuer " + audiences.iterator().next());
    }
    Long exp = number(claims.getValue("exp"));
    Long iat = number(claims.getValue("iat"));
    if (exp == null || iat == null) {
      throw invalid("the assertion needs iat and exp");
    }
    long t = now.getEpochSecond();
    if (exp <= t - LEEWAY_SECONDS) {
      throw invalid("the assertion has expired");
    }
    if (iat > t + LEEWAY_SECONDS || exp - iat > MAX_LIFETIME_SECONDS + CLOCK_READINGS_SECONDS) {
      throw invalid("the assertion may live at most one hour from its iat");
    }
  }

  private static boolean audienceMatches(Object aud, Collection<String> accepted) {
    if (aud instanceof String single) {
      return accepted.contains(single);
    }
    if (aud instanceof JsonArray many) {
      return many.stream().anyMatch(a -> a instanceof String s && accepted.contains(s));
    }
    return false;
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static CredentialFailure invalid(String detail) {
    return new CredentialFailure(CredentialFailure.Reason.INVALID_ASSERTION, detail);
  }
}
