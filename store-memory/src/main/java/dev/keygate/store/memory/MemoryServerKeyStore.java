package dev.keygate.store.memory;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Server keys: the first candidate stored under a name wins; callers get copies, so nobody changes the stored one. */
final class MemoryServerKeyStore implements ServerKeyStore {

  private final Map<String, byte[]> serverKeys = new ConcurrentHashMap<>();

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return Future.succeededFuture(serverKeys.computeIfAbsent(name, k -> candidate.clone()).clone());
  }
}
