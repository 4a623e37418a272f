package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.NOW;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Last uses of credentials: later uses win, tenants see only their own, a removed instance's are gone. */
public interface CredentialUsageStoreContract extends StoreContract {

  @Test
  default void theLatestUseOfEachCredentialIsKept() {
    StoreFixtures.Seeded a = seed("a");
    String pat = nextId();
    String key = nextId();
    await(credentialUses().recordLastUse(List.of(new CredentialUse(a.instance().id(), pat, NOW.plusSeconds(60)),
        new CredentialUse(a.instance().id(), pat, NOW), new CredentialUse(a.instance().id(), key, NOW))));
    await(credentialUses().recordLastUse(List.of(new CredentialUse(a.instance().id(), pat, NOW.plusSeconds(30)),
        new CredentialUse(a.instance().id(), key, NOW.plusSeconds(120)))));

    assertThat(await(credentialUses().lastUses(a.instance().id(), List.of(pat, key, "never-used"))))
        .isEqualTo(Map.of(pat, NOW.plusSeconds(60), key, NOW.plusSeconds(120)));
    String done = await(credentialUses().recordLastUse(List.of()).map(v -> "done"));
    assertThat(done).isEqualTo("done");
  }

  @Test
  default void usesAreTheirInstancesOwnAndGoWithIt() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String credential = nextId();
    await(credentialUses().recordLastUse(List.of(new CredentialUse(a.instance().id(), credential, NOW),
        new CredentialUse("no-such-instance-" + nextId(), nextId(), NOW))));

    assertThat(await(credentialUses().lastUses(b.instance().id(), List.of(credential)))).isEmpty();
    assertThat(await(credentialUses().lastUses(a.instance().id(), List.of(credential)))).containsKey(credential);
    await(instances().removeInstance(a.instance().id(), StoreFixtures.CHANGE));
    assertThat(await(credentialUses().lastUses(a.instance().id(), List.of(credential)))).isEmpty();
  }
}
