package dev.keygate.gateway.service.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our ES256 JWS against the JDK's own verifier, the JOSE rules it enforces, and use from many threads at once. */
class Es256JwsTest {

  private static KeyPair newPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Test
  void tokensVerifyWithTheSunEcProviderAndCarryTheKeyId() throws Exception {
    KeyPair pair = newPair();
    Es256Jws jws = new Es256Jws("k1", pair.getPrivate(), Map.of("k1", pair.getPublic()));
    String token = jws.sign(new JsonObject().put("sub", "someone"));
    String[] parts = token.split("\\.");

    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    assertThat(header.getString("alg")).isEqualTo("ES256");
    assertThat(header.getString("kid")).isEqualTo("k1");
    Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
    jdk.initVerify(pair.getPublic());
    jdk.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(jdk.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    assertThat(jws.verify(token)).isEqualTo(new JsonObject().put("sub", "someone"));
  }

  @Test
  void anythingButOurOwnSignatureIsRefused() throws Exception {
    KeyPair ours = newPair();
    KeyPair theirs = newPair();
    Es256Jws jws = new Es256Jws("k1", ours.getPrivate(), Map.of("k1", ours.getPublic()));
    Es256Jws impostor = new Es256Jws("k1", theirs.getPrivate(), Map.of("k1", theirs.getPublic()));
    String token = jws.sign(new JsonObject().put("sub", "someone"));
    String[] parts = token.split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(jws.verify(impostor.sign(new JsonObject().put("sub", "someone")))).isNull();
    assertThat(jws.verify(none + "." + parts[1] + ".")).isNull();
    assertThat(jws.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(3))).isNull();
    assertThat(jws.verify(parts[0] + "." + parts[1])).isNull();
    assertThat(jws.verify(token + ".x")).isNull();
    assertThat(jws.verify("%%%.%%%.%%%")).isNull();
    // a refused token leaves the thread's verifier usable
    assertThat(jws.verify(token)).isNotNull();
  }

  @Test
  void manyThreadsSignAndVerifyAtOnce() throws Exception {
    KeyPair pair = newPair();
    Es256Jws jws = new Es256Jws("k1", pair.getPrivate(), Map.of("k1", pair.getPublic()));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    Map<String, Boolean> results = new ConcurrentHashMap<>();
    for (int i = 0; i < 400; i++) {
      String subject = "s" + i;
      threads.submit(() -> results.put(subject,
          subject.equals(jws.verify(jws.sign(new JsonObject().put("sub", subject))).getString("sub"))));
    }
    threads.shutdown();
    assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(results).hasSize(400).doesNotContainValue(false);
  }
}
