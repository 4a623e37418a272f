package dev.keygate.store.memory;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreContract;

/**
 * What every memory store test class shares: JUnit makes a new instance of the test class per test, so each test gets
 * a new, empty store. The subclasses, one per area, say which contract interface they run.
 */
abstract class FreshMemoryStore implements StoreContract {

  private final KeygateStore store = MemoryStore.create();

  @Override
  public KeygateStore store() {
    return store;
  }
}
