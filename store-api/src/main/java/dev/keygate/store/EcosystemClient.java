package dev.keygate.store;

import java.time.Instant;

/** A client of an ecosystem ({@code type} "application" or "server"). Removal keeps a tombstone, as for ecosystems. */
public record EcosystemClient(String instanceId, String ecosystemId, String id, String type, String name,
                              String description, Instant createdAt, Instant changedAt, Instant removedAt,
                              long sequence) {

  public boolean isRemoved() {
    return removedAt != null;
  }

  public EcosystemClient withChange(String newName, String newDescription, Instant at, long newSequence) {
    return new EcosystemClient(instanceId, ecosystemId, id, type, newName, newDescription, createdAt, at, removedAt,
        newSequence);
  }

  public EcosystemClient removed(Instant at, long newSequence) {
    return new EcosystemClient(instanceId, ecosystemId, id, type, name, description, createdAt, at, at, newSequence);
  }
}
