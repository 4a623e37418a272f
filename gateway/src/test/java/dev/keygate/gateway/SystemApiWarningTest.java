package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * On PostgreSQL with no system user configured, the start says once, at WARN, that the static token is the only way
 * into the system API and how to configure system users, without the token; on the memory store, or with a system
 * user, it says nothing.
 */
@EveryStore
class SystemApiWarningTest {

  private static List<String> warningsOfAStart(JsonObject settings) {
    Logger logger = (Logger) LoggerFactory.getLogger(Keygate.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    TestGateway gateway = null;
    try {
      gateway = TestGateway.start(settings);
      return captured.list.stream().filter(event -> event.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      logger.detachAppender(captured);
    }
  }

  @Test
  void onlyTheStaticTokenOnPostgresIsOneWarning() {
    // without the system user TestGateway configures for every other test
    List<String> warnings = warningsOfAStart(new JsonObject().putNull(KeygateConfig.SYSTEM_USERS));

    if ("postgres".equals(TestStore.kind())) {
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("KEYGATE_SYSTEM_TOKEN", "KEYGATE_SYSTEM_USERS", "keyData", "path")
          .doesNotContain(TestGateway.SYSTEM_TOKEN);
    } else {
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void aConfiguredSystemUserSilencesIt() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    String users = new JsonObject().put("sys-1", new JsonObject().put("keyData",
        Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))).encode();

    assertThat(warningsOfAStart(new JsonObject().put(KeygateConfig.SYSTEM_USERS, users))).isEmpty();
  }
}
