package dev.keygate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.StoreProvider;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gateway lets through only the keys a store declares: the store must read no other. */
class PostgresStoreProviderTest {

  @Test
  void readsOnlyTheSettingsItDeclares() throws Exception {
    PostgresStoreProvider provider = new PostgresStoreProvider();
    List<String> asked = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      // nothing listens on port 1: every setting is read, then the connection is refused
      provider.open(vertx, key -> {
        asked.add(key);
        return key.equals(PostgresStoreProvider.URI) ? "postgresql://u:p@127.0.0.1:1/db" : null;
      }).toCompletionStage().toCompletableFuture().handle((store, failure) -> failure).get(20, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    assertThat(provider.settings()).extracting(StoreProvider.Setting::key).containsAll(asked);
    assertThat(asked).contains(PostgresStoreProvider.URI, PostgresStoreProvider.TIMEOUT_MS);
  }
}
