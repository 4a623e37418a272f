package dev.keygate.store;

import java.time.Instant;

/** A PAT. Only the keyed hash of the token is stored; lookups go by that hash. */
public record PersonalAccessToken(String instanceId, String userId, String id, String tokenHash, Instant expiresAt,
                                  Instant createdAt) {

  public boolean isValidAt(Instant now) {
    return expiresAt.isAfter(now);
  }
}
