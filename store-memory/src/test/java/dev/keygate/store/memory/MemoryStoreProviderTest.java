package dev.keygate.store.memory;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.StoreProvider;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway lets through only the keys a store declares: the store must read no other. */
class MemoryStoreProviderTest {

  @Test
  void readsOnlyTheSettingsItDeclares() {
    MemoryStoreProvider provider = new MemoryStoreProvider();
    List<String> asked = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      await(await(provider.open(vertx, key -> {
        asked.add(key);
        return null;
      })).close());
    } finally {
      await(vertx.close());
    }

    assertThat(provider.settings()).extracting(StoreProvider.Setting::key).containsAll(asked);
    assertThat(asked).isNotEmpty();
  }
}
