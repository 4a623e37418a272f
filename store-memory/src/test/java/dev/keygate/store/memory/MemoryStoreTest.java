package dev.keygate.store.memory;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.KeygateStoreContractTest;
import io.vertx.core.Vertx;

/** The memory store passes the whole store contract. */
class MemoryStoreTest extends KeygateStoreContractTest {

  @Override
  protected KeygateStore createStore(Vertx vertx) {
    return new MemoryStore();
  }
}
