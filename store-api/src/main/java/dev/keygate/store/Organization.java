package dev.keygate.store;

import java.time.Instant;

/**
 * An organization of an instance. Its sequence and change date are those of its aggregate's latest event (a new
 * member too), which ZITADEL's v1 answers for a member and its v2 shows in the organization's details.
 */
public record Organization(String instanceId, String id, String name, Instant createdAt, Instant changedAt,
                           long sequence) {

  public Organization withChange(Instant at, long newSequence) {
    return new Organization(instanceId, id, name, createdAt, at, newSequence);
  }
}
