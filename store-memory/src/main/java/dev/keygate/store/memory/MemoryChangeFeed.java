package dev.keygate.store.memory;

import dev.keygate.store.CredentialChangeFeed;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of credential changes, told synchronously by the writer that made the change (there is no other
 * process sharing a memory store), before the writer's call completes.
 */
final class MemoryChangeFeed implements CredentialChangeFeed {

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void onCredentialChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Tells every listener that the credentials of the object with this id changed or stopped being valid. */
  void changed(String id) {
    for (Consumer<String> listener : listeners) {
      listener.accept(id);
    }
  }
}
