package dev.keygate.gateway.zitadel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.VerboseLog;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The security settings' own secrets (the master key, system users' JWTs, right, forged and expired, in REST and gRPC)
 * never reach a log line at the most verbose level, nor the message of a start that refuses a wrong master key.
 */
@EveryStore
class SystemCredentialsNeverLeakTest {

  private static final String CREATE = "/system/v1/instances/_create";

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static JsonObject claims(String user, String audience, long lifetime) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", user).put("sub", user).put("aud", audience).put("iat", now)
        .put("exp", now + lifetime);
  }

  @Test
  void noMasterKeyOrSystemJwtReachesALogLine() throws Exception {
    KeyPair operator = rsa();
    KeyPair stranger = rsa();
    JsonObject users = new JsonObject().put("ops", new JsonObject().put("keyData", Base64.getEncoder()
        .encodeToString(SystemUsersTest.pem(operator).getBytes(StandardCharsets.UTF_8))));
    List<String> secrets = new ArrayList<>(List.of(TestGateway.MASTER_KEY, TestGateway.SYSTEM_TOKEN));
    VerboseLog log = new VerboseLog();
    try (log; TestGateway gateway = TestGateway.start(new JsonObject().put(KeygateConfig.SYSTEM_USERS,
        users.encode()))) {
      Http http = gateway.http();
      JsonObject header = new JsonObject().put("alg", "RS256");
      String valid = SystemUsersTest.rs256(header, claims("ops", http.base(), 3600), operator.getPrivate());
      String forged = SystemUsersTest.rs256(header, claims("ops", http.base(), 3600), stranger.getPrivate());
      String expired = SystemUsersTest.rs256(header, claims("ops", http.base(), -10), operator.getPrivate());
      String tooLong = SystemUsersTest.rs256(header, claims("ops", http.base(), 7200), operator.getPrivate());
      secrets.addAll(List.of(valid, forged, expired, tooLong));
      // every part of a JWT: its signature alone would let nobody in, but a log has no business holding any of it
      for (String jwt : List.of(valid, forged)) {
        secrets.add(jwt.substring(jwt.lastIndexOf('.') + 1));
      }
      JsonObject instance = new JsonObject().put("instanceName", "quiet")
          .put("machine", new JsonObject().put("userName", "admin").put("name", "Admin"));

      assertThat(http.post(CREATE, valid, instance).status()).isEqualTo(200);
      for (String refused : List.of(forged, expired, tooLong, valid + "x", "Bearer " + valid)) {
        assertThat(http.post(CREATE, refused, instance).status()).isEqualTo(401);
      }
      try (GrpcClient grpc = new GrpcClient(gateway.port())) {
        for (String token : List.of(valid, forged)) {
          grpc.call(GrpcClient.Transport.GRPC_H2C, "zitadel.system.v1.SystemService/ListInstances",
              GrpcClient.frame(new byte[0]), GrpcClient.bearer(token));
        }
      }
    }

    assertThat(log.events()).isNotEmpty();
    log.assertNoLineContains(secrets);
  }

  @Test
  void aRefusedMasterKeyIsNotRepeatedInTheRefusal() {
    // 30 bytes: short of a key, and a value an operator would not want in a log
    String almost = Base64.getEncoder().encodeToString("31 bytes of an almost master k".getBytes(
        StandardCharsets.US_ASCII));
    VerboseLog log = new VerboseLog();
    try (log) {
      assertThatThrownBy(() -> TestGateway.start(new JsonObject().put(KeygateConfig.MASTER_KEY, almost)))
          .hasStackTraceContaining("KEYGATE_MASTER_KEY holds 30 bytes, not 32")
          .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain(almost));
    }
    log.assertNoLineContains(List.of(almost));
  }

  private static String stackTrace(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      all.append(cause).append('\n');
    }
    return all.toString();
  }
}
