package dev.keygate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.KeygateStore;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one store, as two processes on one database: a rotation at one is honoured by the other, which
 * had the old secret cached, to the millisecond of its expiry on the clock both read, and ending the overlap at one
 * stops the previous secret at the other within a second.
 */
@EveryStore
class RotationAcrossGatewaysTest {

  @Test
  void theOtherGatewayHonoursTheOverlapItsExpiryAndItsEarlyEnd(KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    TestClock clock = new TestClock();
    try (TestGateway first = TestGateway.start(store, new JsonObject(), clock);
         TestGateway second = TestGateway.start(store, new JsonObject(), clock)) {
      Tenants.Tenant tenant = first.tenants().create("shared-rotation");
      RotationFixture atFirst = new RotationFixture(first.http(), tenant);
      RotationFixture atSecond = new RotationFixture(second.http(), tenant);
      JsonObject bot = atFirst.machine(first.tenants(), "shared-bot");
      String userId = bot.getString("userId");
      String clientId = bot.getString("clientId");
      String one = bot.getString("clientSecret");
      assertThat(atSecond.grant(clientId, one)).as("cached at the second gateway").isEqualTo(200);

      Instant rotatedAt = clock.instant();
      String two = atFirst.rotateMachine(userId, "2s").json().getString("clientSecret");
      Instant expiry = Instant.parse(atFirst.machineSecrets(userId).getJsonObject("previousSecret")
          .getString("expirationDate"));
      assertThat(expiry).isEqualTo(rotatedAt.plusSeconds(2));

      assertThat(atSecond.grant(clientId, one)).isEqualTo(200);
      assertThat(atSecond.grant(clientId, two)).isEqualTo(200);
      clock.advance(Duration.between(rotatedAt, expiry).minusMillis(1));
      assertThat(atSecond.grant(clientId, one)).as("a millisecond before the overlap ends").isEqualTo(200);
      clock.advance(Duration.ofMillis(1));
      assertThat(atSecond.grant(clientId, one)).as("at its expiry, with the old secret cached").isEqualTo(400);

      String three = atFirst.rotateMachine(userId, "3600s").json().getString("clientSecret");
      assertThat(atSecond.grant(clientId, two)).isEqualTo(200);
      assertThat(first.http().delete(RotationFixture.secretPath(userId) + "/previous", tenant.pat()).status())
          .isEqualTo(200);
      long ended = System.nanoTime();
      long waited = atSecond.untilRefused(clientId, two);

      assertThat(waited).as("ms until the other gateway refused the previous secret").isLessThan(1_000);
      assertThat((System.nanoTime() - ended) / 1_000_000).isLessThan(1_500);
      assertThat(atSecond.grant(clientId, three)).isEqualTo(200);
    }
  }
}
