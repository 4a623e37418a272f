package dev.keygate.store;

import java.time.Instant;

/**
 * The secret a rotation replaced, kept working until {@code expiresAt} so that clients can move to the new one
 * without downtime. Only its keyed hash is kept, like the current secret's. At most one per machine user or API app:
 * the next rotation replaces it.
 */
public record PreviousSecret(String hash, Instant createdAt, Instant expiresAt) {

  /** Whether it still authenticates at {@code now}: until the second it expires, not at it. */
  public boolean validAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
