package dev.keygate.store;

import java.time.Instant;

/**
 * An Oracle Commerce application ID of an organization: {@code type} "application" (it has an application key, a
 * JWT of which only the id {@code keyId} is stored) or "extension" (no key). {@code lifetimeDays} is the key lifetime
 * asked for (null or -1: unlimited), {@code keyExpiresAt} the current key's end (null: none). {@code createdBy*}
 * name the principal that created it, as Oracle shows them. {@code previousKeyId} is the key a rotation with overlap
 * keeps working until {@code previousKeyExpiresAt} (both null: none).
 */
public record CommerceApplication(String instanceId, String orgId, String id, String name, String type,
                                  Integer lifetimeDays, String keyId, Instant keyExpiresAt, String createdById,
                                  String createdByFirstName, String createdByLastName, Instant createdAt,
                                  Instant changedAt, long sequence, String previousKeyId,
                                  Instant previousKeyExpiresAt) {

  /** An application without a previous key. */
  public CommerceApplication(String instanceId, String orgId, String id, String name, String type,
                             Integer lifetimeDays, String keyId, Instant keyExpiresAt, String createdById,
                             String createdByFirstName, String createdByLastName, Instant createdAt,
                             Instant changedAt, long sequence) {
    this(instanceId, orgId, id, name, type, lifetimeDays, keyId, keyExpiresAt, createdById, createdByFirstName,
        createdByLastName, createdAt, changedAt, sequence, null, null);
  }

  /** Whether {@code presentedKeyId} is a key of this application that works at {@code now}. */
  public boolean acceptsKey(String presentedKeyId, Instant now) {
    if (presentedKeyId == null) {
      return false;
    }
    if (presentedKeyId.equals(keyId)) {
      return keyExpiresAt == null || keyExpiresAt.isAfter(now);
    }
    return presentedKeyId.equals(previousKeyId) && previousKeyExpiresAt.isAfter(now);
  }

  public CommerceApplication withName(String newName, Integer newLifetimeDays, Instant at, long newSequence) {
    return new CommerceApplication(instanceId, orgId, id, newName, type, newLifetimeDays, keyId, keyExpiresAt,
        createdById, createdByFirstName, createdByLastName, createdAt, at, newSequence, previousKeyId,
        previousKeyExpiresAt);
  }

  /** A new key; the current one and any previous one stop working at once. */
  public CommerceApplication withKey(String newKeyId, Instant newExpiresAt, Integer newLifetimeDays, Instant at,
                                     long newSequence) {
    return withKey(newKeyId, newExpiresAt, newLifetimeDays, null, at, newSequence);
  }

  /**
   * A new key; with {@code previousExpiresAt} the current key keeps working until then (or its own expiry, if
   * sooner), replacing any earlier previous key.
   */
  public CommerceApplication withKey(String newKeyId, Instant newExpiresAt, Integer newLifetimeDays,
                                     Instant previousExpiresAt, Instant at, long newSequence) {
    boolean keeps = previousExpiresAt != null && keyId != null;
    Instant until = !keeps ? null : keyExpiresAt != null && keyExpiresAt.isBefore(previousExpiresAt) ? keyExpiresAt
        : previousExpiresAt;
    return new CommerceApplication(instanceId, orgId, id, name, type, newLifetimeDays, newKeyId, newExpiresAt,
        createdById, createdByFirstName, createdByLastName, createdAt, at, newSequence, keeps ? keyId : null, until);
  }

  public CommerceApplication withChange(Instant at, long newSequence) {
    return withName(name, lifetimeDays, at, newSequence);
  }
}
