package dev.keygate.store;

import java.time.Instant;

/**
 * An Oracle Commerce application ID of an organization: {@code type} "application" (it has an application key, a
 * JWT of which only the id {@code keyId} is stored) or "extension" (no key). {@code lifetimeDays} is the key lifetime
 * asked for (null or -1: unlimited), {@code keyExpiresAt} the current key's end (null: none). {@code createdBy*}
 * name the principal that created it, as Oracle shows them.
 */
public record CommerceApplication(String instanceId, String orgId, String id, String name, String type,
                                  Integer lifetimeDays, String keyId, Instant keyExpiresAt, String createdById,
                                  String createdByFirstName, String createdByLastName, Instant createdAt,
                                  Instant changedAt, long sequence) {

  public CommerceApplication withName(String newName, Integer newLifetimeDays, Instant at, long newSequence) {
    return new CommerceApplication(instanceId, orgId, id, newName, type, newLifetimeDays, keyId, keyExpiresAt,
        createdById, createdByFirstName, createdByLastName, createdAt, at, newSequence);
  }

  public CommerceApplication withKey(String newKeyId, Instant newExpiresAt, Integer newLifetimeDays, Instant at,
                                     long newSequence) {
    return new CommerceApplication(instanceId, orgId, id, name, type, newLifetimeDays, newKeyId, newExpiresAt,
        createdById, createdByFirstName, createdByLastName, createdAt, at, newSequence);
  }

  public CommerceApplication withChange(Instant at, long newSequence) {
    return withName(name, lifetimeDays, at, newSequence);
  }
}
