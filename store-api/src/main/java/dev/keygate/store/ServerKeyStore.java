package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;

/** Server state shared by every gateway process on one store: keys that must be the same everywhere. */
public interface ServerKeyStore {

  /**
   * Returns the server key stored under {@code name}, storing {@code candidate} first if there is none yet. Every
   * process sharing the store thus ends up with the same key (e.g. the pepper of the secret hash).
   */
  Future<byte[]> serverKey(String name, byte[] candidate);

  /**
   * Replaces the key stored under {@code name} with {@code replacement} if it is still {@code expected} (compare and
   * set, so that of several processes re-sealing the same key one wins and the others read the winner's); true when
   * this call replaced it.
   */
  Future<Boolean> replaceServerKey(String name, byte[] expected, byte[] replacement);

  /** The names of every stored server key, so that all of them can be re-sealed under a new master key. */
  Future<List<String>> serverKeyNames();
}
