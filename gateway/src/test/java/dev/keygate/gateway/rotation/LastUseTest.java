package dev.keygate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.ComposedStore;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Last use: a grant records its secret's use (visible in the secrets' read), and further grants within the minute
 * write nothing more, counted at the store.
 */
@ExtendWith(TestStore.class)
class LastUseTest {

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
    try (TestGateway gateway = TestGateway.start(store, new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 50))) {
      Tenants.Tenant tenant = gateway.tenants().create("last-use");
      RotationFixture rotation = new RotationFixture(gateway.http(), tenant);
      JsonObject bot = rotation.machine(gateway.tenants(), "used-bot");
      assertThat(rotation.machineSecrets(bot.getString("userId")).getJsonObject("secret").containsKey("lastUsedDate"))
          .isFalse();
      int settled = settle(uses);
      Instant before = Instant.now().minusMillis(1);

      assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);

      int afterFirst = settle(uses);
      assertThat(afterFirst).as("one row for the secret's first use").isEqualTo(settled + 1);
      for (int i = 0; i < 5; i++) {
        assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);
      }
      RotationFixture.sleep(300);
      assertThat(uses.written.get()).as("grants within the minute write nothing").isEqualTo(afterFirst);
      Instant lastUsed = Instant.parse(rotation.machineSecrets(bot.getString("userId")).getJsonObject("secret")
          .getString("lastUsedDate"));
      assertThat(lastUsed).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
    }
  }

  @Test
  void aGracefulStopWritesTheUsesNoFlushHasWrittenYet(KeygateStore database) {
    CountingUses uses = new CountingUses(database.credentialUses());
    KeygateStore store = withUses(database, uses);
    // a flush every hour: within this test only the stop can write the grant's use
    JsonObject hourly = new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 3_600_000);
    Tenants.Tenant tenant;
    JsonObject bot;
    try (TestGateway gateway = TestGateway.start(store, hourly)) {
      tenant = gateway.tenants().create("last-use-at-stop");
      RotationFixture rotation = new RotationFixture(gateway.http(), tenant);
      bot = rotation.machine(gateway.tenants(), "stopping-bot");
      assertThat(rotation.grant(bot.getString("clientId"), bot.getString("clientSecret"))).isEqualTo(200);
      RotationFixture.sleep(200);
      assertThat(uses.written.get()).as("nothing written before the stop").isZero();
    }
    assertThat(uses.written.get()).as("the stop wrote the uses").isPositive();
    try (TestGateway next = TestGateway.start(store, hourly)) {
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

  /** The count once no flush has written anything for a few flush intervals. */
  private static int settle(CountingUses uses) {
    int seen = -1;
    for (int rounds = 0; rounds < 100 && seen != uses.written.get(); rounds++) {
      seen = uses.written.get();
      RotationFixture.sleep(250);
    }
    return seen;
  }
}
