package dev.keygate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.store.ComposedStore;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Last use: a grant records its secret's use (visible in the secrets' read), and further grants within the minute
 * write nothing more, counted at the store after an explicit flush; the clock the test moves ends the minute.
 */
@EveryStore
class LastUseTest {

  /** A periodic flush every hour, so that within a test only its explicit flushes (and a stop) write. */
  private static final JsonObject HOURLY = new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 3_600_000);

  /** The store's last-use area, counting the rows each flush writes. */
  private static final class CountingUses implements CredentialUsageStore {
    private final CredentialUsageStore store;
    private final AtomicInteger written = new AtomicInteger();

    CountingUses(CredentialUsageStore store) {
      this.store = store;
    }

    @Override
    public Future<Void> recordLastUse(List<CredentialUse> uses) {
      written.addAndGet(uses.size());
      return store.recordLastUse(uses);
    }

    @Override
    public Future<Map<String, Instant>> lastUses(String instanceId, Collection<String> credentialIds) {
      return store.lastUses(instanceId, credentialIds);
    }
  }

  @Test
  void aGrantRecordsItsSecretsUseAndFurtherGrantsWithinTheMinuteWriteNothing(KeygateStore database) {
    CountingUses uses = new CountingUses(database.credentialUses());
    KeygateStore store = withUses(database, uses);
    TestClock clock = new TestClock();
    try (TestGateway gateway = TestGateway.start(store, HOURLY, clock)) {
      Tenants.Tenant tenant = gateway.tenants().create("last-use");
      RotationFixture rotation = new RotationFixture(gateway.http(), tenant);
      JsonObject bot = rotation.machine(gateway.tenants(), "used-bot");
      assertThat(rotation.machineSecrets(bot.getString("userId")).getJsonObject("secret").containsKey("lastUsedDate"))
          .isFalse();
      gateway.flushLastUses(); // the tenant's PAT, used to set the bot up
      int settled = uses.written.get();
      Instant usedAt = clock.instant();

      assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);
      gateway.flushLastUses();
      assertThat(uses.written.get()).as("one row for the secret's first use").isEqualTo(settled + 1);

      clock.advance(Duration.ofMillis(LastUses.RESOLUTION_MS - 1));
      for (int i = 0; i < 5; i++) {
        assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);
      }
      gateway.flushLastUses();
      assertThat(uses.written.get()).as("grants within the minute write nothing").isEqualTo(settled + 1);
      Instant lastUsed = Instant.parse(rotation.machineSecrets(bot.getString("userId")).getJsonObject("secret")
          .getString("lastUsedDate"));
      assertThat(lastUsed).isEqualTo(usedAt);

      clock.advance(Duration.ofMillis(1));
      assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);
      gateway.flushLastUses();
      assertThat(uses.written.get()).as("a minute later the next use is written").isEqualTo(settled + 2);
    }
  }

  @Test
  void aGracefulStopWritesTheUsesNoFlushHasWrittenYet(KeygateStore database) {
    CountingUses uses = new CountingUses(database.credentialUses());
    KeygateStore store = withUses(database, uses);
    Tenants.Tenant tenant;
    JsonObject bot;
    // within this test no periodic flush comes: only the stop can write the grant's use
    try (TestGateway gateway = TestGateway.start(store, HOURLY)) {
      tenant = gateway.tenants().create("last-use-at-stop");
      RotationFixture rotation = new RotationFixture(gateway.http(), tenant);
      bot = rotation.machine(gateway.tenants(), "stopping-bot");
      assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);
      assertThat(uses.written.get()).as("nothing written on the request path").isZero();
    }
    assertThat(uses.written.get()).as("the stop wrote the uses").isPositive();
    try (TestGateway next = TestGateway.start(store, HOURLY)) {
      JsonObject secret = new RotationFixture(next.http(), tenant).machineSecrets(bot.getString("userId"))
          .getJsonObject("secret");
      assertThat(secret.containsKey("lastUsedDate")).as("the grant's use, read by the next gateway: %s", secret)
          .isTrue();
    }
  }

  /** The store with its last-use area counted by {@code uses}; closing it leaves the database open. */
  private static KeygateStore withUses(KeygateStore database, CountingUses uses) {
    return ComposedStore.of(database).withCredentialUses(uses).withCloser(Future::succeededFuture);
  }
}
