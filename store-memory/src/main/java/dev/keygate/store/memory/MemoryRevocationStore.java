package dev.keygate.store.memory;

import dev.keygate.store.RevocationStore;
import dev.keygate.store.RevokedToken;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revoked access tokens by token id, with their expiry. Not kept per instance: token ids are unique on their own, and
 * an entry matters only until its token expires, so removing an instance leaves its revocations to lapse.
 */
final class MemoryRevocationStore implements RevocationStore {

  private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();
  private final MemoryChangeFeed feed;

  MemoryRevocationStore(MemoryChangeFeed feed) {
    this.feed = feed;
  }

  @Override
  public Future<Void> revokeToken(RevokedToken token) {
    revokedTokens.put(token.tokenId(), token.expiresAt());
    feed.changed(token.tokenId());
    if (revokedTokens.size() % 1024 == 0) { // now and then, forget revocations of tokens that have expired anyway
      Instant now = Instant.now();
      revokedTokens.values().removeIf(expiry -> expiry.isBefore(now));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> isTokenRevoked(String tokenId) {
    return Future.succeededFuture(revokedTokens.containsKey(tokenId));
  }
}
