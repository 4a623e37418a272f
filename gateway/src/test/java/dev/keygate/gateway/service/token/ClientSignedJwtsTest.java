package dev.keygate.gateway.service.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.impl.jose.JWT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What vertx-auth-jwt decides for Keygate about a JWT a client signed: only an RS256 signature by the stored key under
 * its key id passes, whatever the header claims; and each thread verifies with a verifier of its own.
 */
class ClientSignedJwtsTest {

  private static final TestRsaKeys.Key KEY = TestRsaKeys.generate("key-1");
  private static final TestRsaKeys.Key OTHER_CLIENTS_KEY = TestRsaKeys.generate("key-2");
  private static final JsonObject CLAIMS = new JsonObject().put("iss", "user-1").put("sub", "user-1");

  private final ClientSignedJwts jwts = new ClientSignedJwts();

  private JsonObject verified(String jwt) {
    return jwts.verifiedClaims(jwt, KEY.keyId(), KEY.publicKeyPem());
  }

  @Test
  void anRs256SignatureByTheStoredKeyYieldsTheClaims() {
    assertThat(verified(KEY.rs256(CLAIMS))).isEqualTo(CLAIMS);
    // a header without a key id is matched against the one key the verifier holds
    assertThat(verified(KEY.withHeader(new JsonObject().put("alg", "RS256"), CLAIMS))).isEqualTo(CLAIMS);
  }

  @Test
  void noneAndHs256WithThePublicKeyAsSecretAreRefused() {
    assertThat(verified(TestRsaKeys.unsigned(KEY.keyId(), CLAIMS))).isNull();
    String unsigned = TestRsaKeys.unsigned(KEY.keyId(), CLAIMS);
    assertThat(verified(unsigned.substring(0, unsigned.length() - 1))).isNull();
    assertThat(verified(TestRsaKeys.hs256(KEY.keyId(), CLAIMS, KEY.publicKeyPem()))).isNull();
  }

  @Test
  void anotherAlgorithmOfTheSameKeyIsRefused() {
    assertThat(verified(KEY.sign("RS512", CLAIMS))).isNull();
    assertThat(verified(KEY.sign("PS256", CLAIMS))).isNull();
    // the header says RS256, the signature is RS512's
    assertThat(verified(KEY.signAs("RS256", "SHA512withRSA", CLAIMS))).isNull();
  }

  @Test
  void anotherClientsKeyOrKeyIdIsRefused() {
    assertThat(verified(OTHER_CLIENTS_KEY.rs256(CLAIMS))).isNull();
    // signed by another client's key under this key's id
    assertThat(verified(new TestRsaKeys.Key("key-1", OTHER_CLIENTS_KEY.privateKey(), "").rs256(CLAIMS))).isNull();
    // signed by the right key, but the header names another key id
    assertThat(verified(new TestRsaKeys.Key("key-2", KEY.privateKey(), "").rs256(CLAIMS))).isNull();
  }

  @Test
  void aTamperedTokenIsRefused() {
    String[] parts = KEY.rs256(CLAIMS).split("\\.");
    String otherClaims = TestRsaKeys.encode(CLAIMS.copy().put("sub", "user-2").encode());
    assertThat(verified(parts[0] + "." + otherClaims + "." + parts[2])).isNull();
    assertThat(verified(parts[0] + "." + parts[1] + "." + TestRsaKeys.flipFirstCharacter(parts[2]))).isNull();
    assertThat(verified(parts[0] + "." + parts[1] + "." + parts[2].substring(4))).isNull();
    assertThat(verified(parts[0] + "." + parts[1] + ".")).isNull();
    assertThat(verified(parts[0] + "." + parts[1])).isNull();
    assertThat(verified(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2])).isNull();
    assertThat(verified(null)).isNull();
  }

  @Test
  void aKeyThatIsNotAnRsaPublicKeyVerifiesNothing() {
    String jwt = KEY.rs256(CLAIMS);
    assertThat(jwts.verifiedClaims(jwt, KEY.keyId(), "not a key")).isNull();
    assertThat(jwts.verifiedClaims(jwt, KEY.keyId(), null)).isNull();
    assertThat(jwts.verifiedClaims(jwt, KEY.keyId(), KEY.publicKeyPem().replace("M", "N"))).isNull();
  }

  @Test
  void eachThreadKeepsItsOwnVerifierPerKeyAndANewKeyUnderTheSameIdGetsANewOne() throws Exception {
    JWT mine = jwts.verifier(KEY.keyId(), KEY.publicKeyPem());
    assertThat(jwts.verifier(KEY.keyId(), KEY.publicKeyPem())).isSameAs(mine);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      JWT theirs = other.submit(() -> jwts.verifier(KEY.keyId(), KEY.publicKeyPem())).get();
      assertThat(theirs).isNotNull().isNotSameAs(mine);
    } finally {
      other.shutdownNow();
    }
    JWT replaced = jwts.verifier(KEY.keyId(), OTHER_CLIENTS_KEY.publicKeyPem());
    assertThat(replaced).isNotSameAs(mine);
    assertThat(jwts.verifiedClaims(KEY.rs256(CLAIMS), KEY.keyId(), OTHER_CLIENTS_KEY.publicKeyPem())).isNull();
    assertThat(verified(KEY.rs256(CLAIMS))).isEqualTo(CLAIMS);
  }

  @Test
  void aThreadKeepsAtMostItsShareOfKeys() {
    JWT first = jwts.verifier("key-0", KEY.publicKeyPem());
    for (int i = 1; i <= ClientSignedJwts.KEYS_PER_THREAD; i++) {
      jwts.verifier("key-" + i, KEY.publicKeyPem());
    }
    assertThat(jwts.verifier("key-0", KEY.publicKeyPem())).isNotSameAs(first);
  }

  @Test
  void manyThreadsVerifyTheSameKeyAtOnce() throws Exception {
    String good = KEY.rs256(CLAIMS);
    String forged = new TestRsaKeys.Key("key-1", OTHER_CLIENTS_KEY.privateKey(), "").rs256(CLAIMS);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Boolean> task = () -> {
          start.await();
          boolean right = true;
          for (int i = 0; i < 200; i++) {
            right &= CLAIMS.equals(verified(good)) && verified(forged) == null;
          }
          return right;
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Boolean> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
