package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The readiness check behind {@code /health/ready}: an open store that can serve says so, and keeps saying so while
 * it is used. Every store's test classes implement this interface; a store's own tests show it turning not ready.
 */
public interface StoreReadinessContract extends StoreContract {

  @Test
  default void anOpenStoreIsReady() {
    await(store().ready());
  }

  @Test
  default void aStoreInUseStaysReady() {
    StoreFixtures.Seeded tenant = seed("ready");
    await(store().ready());
    assertThat(await(instances().instance(tenant.instance().id()))).isPresent();
    await(store().ready());
  }
}
