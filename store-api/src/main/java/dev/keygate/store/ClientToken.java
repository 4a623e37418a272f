package dev.keygate.store;

import java.time.Instant;

/** A client's bearer token; only its keyed hash is stored. {@code expiresAt} null: it never expires. */
public record ClientToken(String instanceId, String clientId, String id, String tokenHash, String description,
                          Instant createdAt, Instant expiresAt) {

  /** A token that never expires, as Droplit's are. */
  public ClientToken(String instanceId, String clientId, String id, String tokenHash, String description,
                     Instant createdAt) {
    this(instanceId, clientId, id, tokenHash, description, createdAt, null);
  }

  public boolean isValidAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }
}
