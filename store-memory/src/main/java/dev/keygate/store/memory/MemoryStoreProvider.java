package dev.keygate.store.memory;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;

/** {@code KEYGATE_STORE=memory} (the default): a new, empty store in the heap. */
public final class MemoryStoreProvider implements StoreProvider {

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public Future<KeygateStore> open(Vertx vertx, Function<String, String> settings) {
    return Future.succeededFuture(MemoryStore.create());
  }
}
