package dev.keygate.store;

import io.vertx.core.Future;

/** Server state shared by every gateway process on one store: keys that must be the same everywhere. */
public interface ServerKeyStore {

  /**
   * Returns the server key stored under {@code name}, storing {@code candidate} first if there is none yet. Every
   * process sharing the store thus ends up with the same key (e.g. the pepper of the secret hash).
   */
  Future<byte[]> serverKey(String name, byte[] candidate);
}
