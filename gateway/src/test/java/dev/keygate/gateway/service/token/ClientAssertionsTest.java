package dev.keygate.gateway.service.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keygate.gateway.domain.CredentialFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of a client's assertion, each refusal with the detail the wire shows: what is checked before the key is
 * looked up ({@link ClientAssertions#parse}), then signature, subject, audience and lifetime
 * ({@link ClientAssertions#verify}), at a fixed time.
 */
class ClientAssertionsTest {

  private static final String ISSUER = "https://keygate.example";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final TestRsaKeys.Key KEY = TestRsaKeys.generate("key-1");
  private static final TestRsaKeys.Key OTHER_KEY = TestRsaKeys.generate("key-1");

  private static JsonObject claims(String subject, Object audience, long iat, long exp) {
    return new JsonObject().put("iss", subject).put("sub", subject).put("aud", audience).put("iat", iat)
        .put("exp", exp);
  }

  private static JsonObject good() {
    return claims("user-1", ISSUER, T, T + 300);
  }

  private static String refusal(Runnable check) {
    CredentialFailure failure = catchThrowableOfType(CredentialFailure.class, check::run);
    assertThat(failure).as("refused").isNotNull();
    assertThat(failure.reason()).isEqualTo(CredentialFailure.Reason.INVALID_ASSERTION);
    return failure.detail();
  }

  private static String parseRefusal(String jwt) {
    return refusal(() -> ClientAssertions.parse(jwt));
  }

  private static String verifyRefusal(String jwt, TestRsaKeys.Key stored) {
    ClientAssertions.Parsed parsed = ClientAssertions.parse(jwt);
    return refusal(() -> ClientAssertions.verify(parsed, stored.publicKeyPem(), "user-1",
        ClientAssertions.audiences(ISSUER), NOW));
  }

  private static void verifies(JsonObject claims) {
    ClientAssertions.Parsed parsed = ClientAssertions.parse(KEY.rs256(claims));
    assertThatCode(() -> ClientAssertions.verify(parsed, KEY.publicKeyPem(), "user-1",
        ClientAssertions.audiences(ISSUER), NOW)).doesNotThrowAnyException();
  }

  @Test
  void anAssertionSignedWithTheStoredKeyNamesItsKeyAndSubject() {
    ClientAssertions.Parsed parsed = ClientAssertions.parse(KEY.rs256(good()));
    assertThat(parsed.keyId()).isEqualTo("key-1");
    assertThat(parsed.issuer()).isEqualTo("user-1");
    assertThat(parsed.subject()).isEqualTo("user-1");
    verifies(good());
  }

  @Test
  void whatIsNotAnRs256JwtWithAKeyIdIsRefusedBeforeAnyKeyIsLookedUp() {
    String jwt = KEY.rs256(good());
    String[] parts = jwt.split("\\.");
    assertThat(parseRefusal(null)).isEqualTo("the assertion is not a JWT");
    assertThat(parseRefusal(parts[0] + "." + parts[1])).isEqualTo("the assertion is not a JWT");
    assertThat(parseRefusal(jwt + ".x")).isEqualTo("the assertion is not a JWT");
    assertThat(parseRefusal("%%%." + parts[1] + "." + parts[2])).isEqualTo("the assertion is not a JWT");
    assertThat(parseRefusal(parts[0] + "." + parts[1] + ".%%%")).isEqualTo("the assertion is not a JWT");
    assertThat(parseRefusal(TestRsaKeys.encode("not json") + "." + parts[1] + "." + parts[2]))
        .isEqualTo("the assertion is not a JWT");
    assertThat(parseRefusal(parts[0] + "." + TestRsaKeys.encode("[1]") + "." + parts[2]))
        .isEqualTo("the assertion is not a JWT");

    assertThat(parseRefusal(TestRsaKeys.unsigned("key-1", good())))
        .isEqualTo("the assertion must be signed with RS256");
    assertThat(parseRefusal(TestRsaKeys.hs256("key-1", good(), KEY.publicKeyPem())))
        .isEqualTo("the assertion must be signed with RS256");
    assertThat(parseRefusal(KEY.sign("RS512", good()))).isEqualTo("the assertion must be signed with RS256");
    assertThat(parseRefusal(KEY.sign("PS256", good()))).isEqualTo("the assertion must be signed with RS256");
    assertThat(parseRefusal(KEY.withHeader(new JsonObject().put("alg", "RS256"), good())))
        .isEqualTo("the assertion has no kid");
    assertThat(parseRefusal(KEY.withHeader(new JsonObject().put("alg", "RS256").put("kid", 7), good())))
        .isEqualTo("the assertion has no kid");
  }

  @Test
  void onlyTheStoredKeysSignatureOverTheseVeryBytesCounts() {
    String jwt = KEY.rs256(good());
    String[] parts = jwt.split("\\.");
    String signatureInvalid = "the assertion's signature is invalid";

    assertThat(verifyRefusal(OTHER_KEY.rs256(good()), KEY)).isEqualTo(signatureInvalid);
    assertThat(verifyRefusal(parts[0] + "." + TestRsaKeys.encode(good().put("sub", "user-2").encode()) + "."
        + parts[2], KEY)).isEqualTo(signatureInvalid);
    assertThat(verifyRefusal(parts[0] + "." + parts[1] + "." + TestRsaKeys.flipFirstCharacter(parts[2]), KEY))
        .isEqualTo(signatureInvalid);
    assertThat(verifyRefusal(parts[0] + "." + parts[1] + ".", KEY)).isEqualTo(signatureInvalid);
    // right key, but the signature is another algorithm's under a header that says RS256
    assertThat(verifyRefusal(KEY.signAs("RS256", "SHA512withRSA", good()), KEY)).isEqualTo(signatureInvalid);
    assertThat(verifyRefusal(jwt, KEY.withPem("not a key"))).isEqualTo(signatureInvalid);
  }

  @Test
  void issuerAndSubjectMustBothBeTheKeysOwner() {
    String detail = "iss and sub must both be user-1";
    assertThat(verifyRefusal(KEY.rs256(good().put("iss", "user-2")), KEY)).isEqualTo(detail);
    assertThat(verifyRefusal(KEY.rs256(good().put("sub", "user-2")), KEY)).isEqualTo(detail);
    assertThat(verifyRefusal(KEY.rs256(good().put("sub", 1)), KEY)).isEqualTo(detail);
    assertThat(verifyRefusal(KEY.rs256(good().put("iss", "user-2").put("sub", "user-2")), KEY)).isEqualTo(detail);
  }

  @Test
  void theAudienceIsTheIssuerWithOrWithoutSlashOrItsTokenEndpoint() {
    assertThat(ClientAssertions.audiences(ISSUER))
        .containsExactly(ISSUER, ISSUER + "/", ISSUER + "/oauth/v2/token");
    verifies(good().put("aud", ISSUER + "/"));
    verifies(good().put("aud", ISSUER + "/oauth/v2/token"));
    verifies(good().put("aud", new JsonArray().add("someone-else").add(ISSUER)));
    String detail = "aud must be the issuer " + ISSUER;
    assertThat(verifyRefusal(KEY.rs256(good().put("aud", "https://elsewhere.example")), KEY)).isEqualTo(detail);
    assertThat(verifyRefusal(KEY.rs256(good().put("aud", new JsonArray(List.of("a", "b")))), KEY)).isEqualTo(detail);
    assertThat(verifyRefusal(KEY.rs256(good().putNull("aud")), KEY)).isEqualTo(detail);
    assertThat(verifyRefusal(KEY.rs256(good().put("aud", 3)), KEY)).isEqualTo(detail);
  }

  @Test
  void theLifetimeIsAtMostAnHourAndIncludesNowWithAMinuteOfSkew() {
    verifies(claims("user-1", ISSUER, T - 3000, T - 59));
    verifies(claims("user-1", ISSUER, T + 60, T + 3660));
    verifies(claims("user-1", ISSUER, T, T + 3600));
    // the hour of ZITADEL's SDKs when a second ticks between their clock readings for iat and exp
    verifies(claims("user-1", ISSUER, T, T + 3601));
    // nbf is not among today's rules (RFC 7523 lets a server refuse an assertion before its nbf)
    verifies(good().put("nbf", T + 3000));

    assertThat(verifyRefusal(KEY.rs256(claims("user-1", ISSUER, T - 3000, T - 60)), KEY))
        .isEqualTo("the assertion has expired");
    assertThat(verifyRefusal(KEY.rs256(claims("user-1", ISSUER, T + 61, T + 600)), KEY))
        .isEqualTo("the assertion may live at most one hour from its iat");
    assertThat(verifyRefusal(KEY.rs256(claims("user-1", ISSUER, T, T + 3602)), KEY))
        .isEqualTo("the assertion may live at most one hour from its iat");
    assertThat(verifyRefusal(KEY.rs256(good().putNull("exp")), KEY)).isEqualTo("the assertion needs iat and exp");
    assertThat(verifyRefusal(KEY.rs256(good().put("iat", "now")), KEY)).isEqualTo("the assertion needs iat and exp");
    JsonObject noIat = good();
    noIat.remove("iat");
    assertThat(verifyRefusal(KEY.rs256(noIat), KEY)).isEqualTo("the assertion needs iat and exp");
  }

  @Test
  void theSubjectIsCheckedBeforeTheAudienceAndTheAudienceBeforeTheLifetime() {
    assertThat(verifyRefusal(KEY.rs256(claims("user-2", "https://elsewhere.example", T - 9000, T - 8000)), KEY))
        .isEqualTo("iss and sub must both be user-1");
    assertThat(verifyRefusal(KEY.rs256(claims("user-1", "https://elsewhere.example", T - 9000, T - 8000)), KEY))
        .isEqualTo("aud must be the issuer " + ISSUER);
    assertThat(verifyRefusal(OTHER_KEY.rs256(claims("user-2", "https://elsewhere.example", T, T + 9000)), KEY))
        .isEqualTo("the assertion's signature is invalid");
  }
}
