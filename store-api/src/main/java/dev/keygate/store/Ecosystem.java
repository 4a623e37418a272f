package dev.keygate.store;

import java.time.Instant;

/**
 * A Droplit-style ecosystem: a container of clients. Removal keeps a tombstone ({@code removedAt} set) because the
 * Droplit surface must tell "once existed" (404) from "never existed" (400). {@code metaJson} is an opaque JSON object.
 */
public record Ecosystem(String instanceId, String id, String metaJson, String domain, Instant createdAt,
                        Instant changedAt, Instant removedAt, long sequence) {

  public boolean isRemoved() {
    return removedAt != null;
  }

  public Ecosystem withChange(String newMetaJson, String newDomain, Instant at, long newSequence) {
    return new Ecosystem(instanceId, id, newMetaJson, newDomain, createdAt, at, removedAt, newSequence);
  }

  public Ecosystem removed(Instant at, long newSequence) {
    return new Ecosystem(instanceId, id, metaJson, domain, createdAt, at, at, newSequence);
  }
}
