package dev.keygate.store;

import io.vertx.core.Future;

/** Access tokens revoked before their expiry, remembered until they would have expired. */
public interface RevocationStore {

  /** Remembers a revoked access token until it expires. Revoking twice is fine. */
  Future<Void> revokeToken(RevokedToken token);

  Future<Boolean> isTokenRevoked(String tokenId);
}
