package dev.keygate.gateway.service.token;

import dev.keygate.gateway.domain.CredentialFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * RS256 JWTs signed by a client with a key Keygate issued: the jwt-bearer grant's assertion (RFC 7523) and
 * private_key_jwt client authentication. Verified with the JDK's own RSA, against the public key Keygate stored.
 * Every refusal is a {@link CredentialFailure} of reason {@code INVALID_ASSERTION}.
 */
final class ClientAssertions {

  /** Clock skew tolerated on iat and exp. */
  private static final long LEEWAY_SECONDS = 60;
  private static final long MAX_LIFETIME_SECONDS = 3600;

  /** An assertion split and decoded, not yet verified. */
  record Parsed(String keyId, JsonObject claims, byte[] signedPart, byte[] signature) {

    public String issuer() {
      return claims.getValue("iss") instanceof String s ? s : null;
    }

    public String subject() {
      return claims.getValue("sub") instanceof String s ? s : null;
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
      if (!"RS256".equals(header.getString("alg"))) {
        throw invalid("the assertion must be signed with RS256");
      }
      String keyId = header.getValue("kid") instanceof String kid ? kid : null;
      if (keyId == null) {
        throw invalid("the assertion has no kid");
      }
      JsonObject claims = new JsonObject(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
      return new Parsed(keyId, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
          decoder.decode(parts[2]));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalid("the assertion is not a JWT");
    }
  }

  /**
   * Checks signature, {@code iss == sub == expectedSubject}, an audience among {@code audiences}, and a lifetime of at
   * most an hour that includes now.
   */
  static void verify(Parsed assertion, String publicKeyPem, String expectedSubject,
                            Collection<String> audiences, Instant now) {
    if (!signatureValid(assertion, publicKeyPem)) {
      throw invalid("the assertion's signature is invalid");
    }
    JsonObject claims = assertion.claims();
    if (!expectedSubject.equals(assertion.issuer()) || !expectedSubject.equals(assertion.subject())) {
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
    if (iat > t + LEEWAY_SECONDS || exp - iat > MAX_LIFETIME_SECONDS) {
      throw invalid("the assertion may live at most one hour from its iat");
    }
  }

  private static boolean signatureValid(Parsed assertion, String publicKeyPem) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(publicKey(publicKeyPem));
      rsa.update(assertion.signedPart());
      return rsa.verify(assertion.signature());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  static PublicKey publicKey(String pem) throws GeneralSecurityException {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
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

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static CredentialFailure invalid(String detail) {
    return new CredentialFailure(CredentialFailure.Reason.INVALID_ASSERTION, detail);
  }
}
