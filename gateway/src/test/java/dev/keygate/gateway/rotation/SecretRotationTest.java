package dev.keygate.gateway.rotation;

import static dev.keygate.gateway.rotation.RotationFixture.appPath;
import static dev.keygate.gateway.rotation.RotationFixture.secretPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestClock;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation with overlap over ZITADEL's wire: the optional {@code previousSecretValidFor}, both secrets working at the
 * token endpoint and at introspection during the overlap, only the new one after it, ending it early, a third
 * rotation ending the oldest, and a client that sends nothing seeing ZITADEL's behaviour.
 */
class SecretRotationTest extends GatewayTest {

  private final TestClock clock = new TestClock();
  private Tenants.Tenant tenant;
  private RotationFixture rotation;

  @Override
  protected Clock clock() {
    return clock;
  }

  @BeforeEach
  void tenant() {
    tenant = gateway.tenants().create("rotating");
    rotation = new RotationFixture(http, tenant);
  }

  @Test
  void withoutTheNewFieldTheOldSecretStopsAtOnceAsInZitadel() {
    JsonObject bot = rotation.machine(gateway.tenants(), "plain-bot");
    String old = bot.getString("clientSecret");

    String fresh = rotation.rotateMachine(bot.getString("userId"), null).json().getString("clientSecret");

    assertThat(rotation.grant(bot.getString("clientId"), old)).isEqualTo(400);
    assertThat(rotation.grant(bot.getString("clientId"), fresh)).isEqualTo(200);
    assertThat(rotation.machineSecrets(bot.getString("userId")).getMap()).doesNotContainKey("previousSecret");
  }

  @Test
  void duringTheOverlapBothSecretsGetTokensAndAfterItOnlyTheNewOne() {
    JsonObject bot = rotation.machine(gateway.tenants(), "overlap-bot");
    String clientId = bot.getString("clientId");
    String old = bot.getString("clientSecret");
    Instant rotatedAt = clock.instant();

    Response rotated = rotation.rotateMachine(bot.getString("userId"), "1.5s");
    String fresh = rotated.json().getString("clientSecret");

    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotation.grant(clientId, old)).isEqualTo(200);
    assertThat(rotation.grant(clientId, fresh)).isEqualTo(200);
    JsonObject secrets = rotation.machineSecrets(bot.getString("userId"));
    Instant expiry = Instant.parse(secrets.getJsonObject("previousSecret").getString("expirationDate"));
    assertThat(expiry).isEqualTo(rotatedAt.plusMillis(1500));
    assertThat(secrets.encode()).doesNotContain(old).doesNotContain(fresh);

    clock.advance(Duration.ofMillis(1499));
    assertThat(rotation.grant(clientId, old)).as("a millisecond before the overlap ends").isEqualTo(200);
    clock.advance(Duration.ofMillis(1));
    assertThat(rotation.grant(clientId, old)).as("the old secret stops at its expiry").isEqualTo(400);
    assertThat(rotation.grant(clientId, fresh)).isEqualTo(200);
    assertThat(rotation.machineSecrets(bot.getString("userId")).getMap()).doesNotContainKey("previousSecret")
        .containsKey("secret");
  }

  @Test
  void anOverlapCanBeEndedEarlyOnce() {
    JsonObject bot = rotation.machine(gateway.tenants(), "ending-bot");
    String userId = bot.getString("userId");
    String old = bot.getString("clientSecret");
    rotation.rotateMachine(userId, "3600s");
    assertThat(rotation.grant(bot.getString("clientId"), old)).isEqualTo(200);

    Response ended = http.delete(secretPath(userId) + "/previous", tenant.pat());

    assertThat(ended.status()).isEqualTo(200);
    assertThat(rotation.grant(bot.getString("clientId"), old)).isEqualTo(400);
    Response again = http.delete(secretPath(userId) + "/previous", tenant.pat());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().getString("message")).contains("KEYGATE-rot2");
  }

  @Test
  void aThirdRotationDuringAnOverlapEndsTheOldest() {
    JsonObject bot = rotation.machine(gateway.tenants(), "thrice-bot");
    String clientId = bot.getString("clientId");
    String first = bot.getString("clientSecret");
    String second = rotation.rotateMachine(bot.getString("userId"), "3600s").json().getString("clientSecret");

    String third = rotation.rotateMachine(bot.getString("userId"), "3600s").json().getString("clientSecret");

    assertThat(rotation.grant(clientId, first)).isEqualTo(400);
    assertThat(rotation.grant(clientId, second)).isEqualTo(200);
    assertThat(rotation.grant(clientId, third)).isEqualTo(200);
  }

  @Test
  void anOverlapIsBoundedAndWrittenAsAProtobufDuration() {
    JsonObject bot = rotation.machine(gateway.tenants(), "bounded-bot");
    String userId = bot.getString("userId");

    Response tooLong = rotation.rotateMachine(userId, "2592001s");
    Response notADuration = rotation.rotateMachine(userId, "1h");

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("message")).contains("KEYGATE-rot1");
    assertThat(notADuration.status()).isEqualTo(400);
    assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret")))
        .as("a refused rotation changed nothing").isEqualTo(200);
    assertThat(rotation.rotateMachine(userId, "2592000s").status()).isEqualTo(200);
    String humanId = gateway.tenants().humanUser(tenant, "hugo");
    assertThat(http.get(secretPath(humanId), tenant.pat()).status()).isEqualTo(400);
  }

  @Test
  void anApiAppsPreviousSecretAuthenticatesIntrospectionDuringTheOverlap() {
    JsonObject bot = rotation.machine(gateway.tenants(), "caller-bot");
    String token = rotation.token(bot.getString("clientId"), bot.getString("clientSecret"));
    String projectId = gateway.tenants().project(tenant, "rotated-api");
    JsonObject app = gateway.tenants().apiApp(tenant, projectId, "resource-server");
    String appId = app.getString("appId");
    String clientId = app.getString("clientId");
    String old = app.getString("clientSecret");

    String fresh = rotation.rotateApp(projectId, appId, "3600s").json().getString("clientSecret");

    assertThat(rotation.introspectAs(clientId, old, token)).isEqualTo(200);
    assertThat(rotation.introspectAs(clientId, fresh, token)).isEqualTo(200);
    JsonObject secrets = http.get(appPath(projectId, appId) + "/client_secret", tenant.pat()).json();
    assertThat(secrets.getJsonObject("previousSecret").getString("expirationDate")).isNotNull();
    assertThat(secrets.getJsonObject("secret").containsKey("expirationDate")).isFalse();

    assertThat(http.delete(appPath(projectId, appId) + "/client_secret/previous", tenant.pat()).status())
        .isEqualTo(200);
    assertThat(rotation.introspectAs(clientId, old, token)).isEqualTo(400);
    assertThat(rotation.introspectAs(clientId, fresh, token)).isEqualTo(200);
    String plain = rotation.rotateApp(projectId, appId, null).json().getString("clientSecret");
    assertThat(rotation.introspectAs(clientId, fresh, token)).as("no field: the old secret stops").isEqualTo(400);
    assertThat(rotation.introspectAs(clientId, plain, token)).isEqualTo(200);
  }
}
