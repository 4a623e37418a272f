package dev.keygate.store.memory;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Server keys: the first candidate stored under a name wins; callers get copies, so nobody changes the stored one. */
final class MemoryServerKeyStore implements ServerKeyStore {

  private final Map<String, byte[]> serverKeys = new ConcurrentHashMap<>();

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return Future.succeededFuture(serverKeys.computeIfAbsent(name, k -> candidate.clone()).clone());
  }

  @Override
  public Future<Boolean> replaceServerKey(String name, byte[] expected, byte[] replacement) {
    boolean[] replaced = {false};
    serverKeys.computeIfPresent(name, (k, stored) -> {
      replaced[0] = Arrays.equals(stored, expected);
      return replaced[0] ? replacement.clone() : stored;
    });
    return Future.succeededFuture(replaced[0]);
  }

  @Override
  public Future<List<String>> serverKeyNames() {
    return Future.succeededFuture(List.copyOf(serverKeys.keySet()));
  }
}
