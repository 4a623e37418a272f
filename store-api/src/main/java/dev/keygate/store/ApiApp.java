package dev.keygate.store;

import java.time.Instant;

/**
 * An API application of a project. {@code secretHash} is null for key-authenticated apps. {@code sequence} is the
 * sequence of the owning project's aggregate at the app's last change, as ZITADEL reports it. {@code secretCreatedAt}
 * is when the current secret was set (null: when the app was created); {@code previousSecret} the one a rotation
 * keeps working for a while, or null.
 */
public record ApiApp(String instanceId, String orgId, String projectId, String id, String name, String clientId,
                     AuthMethod authMethod, String secretHash, Instant createdAt, Instant changedAt, long sequence,
                     Instant secretCreatedAt, PreviousSecret previousSecret) {

  public enum AuthMethod { BASIC, PRIVATE_KEY_JWT }

  /** An app without a rotated secret, its secret (if any) set when it was created. */
  public ApiApp(String instanceId, String orgId, String projectId, String id, String name, String clientId,
                AuthMethod authMethod, String secretHash, Instant createdAt, Instant changedAt, long sequence) {
    this(instanceId, orgId, projectId, id, name, clientId, authMethod, secretHash, createdAt, changedAt, sequence,
        null, null);
  }

  /** When the current secret was set. */
  public Instant secretIssuedAt() {
    return secretCreatedAt != null ? secretCreatedAt : createdAt;
  }

  /** A new secret that replaces the current one and any previous one at once. */
  public ApiApp withSecretHash(String hash, Instant at, long newSequence) {
    return withSecrets(hash, at, null, at, newSequence);
  }

  /**
   * A new secret, the current one staying valid until {@code previousExpiresAt} (null: not at all); any older
   * previous secret is dropped, so there are never more than two.
   */
  public ApiApp withRotatedSecret(String hash, Instant previousExpiresAt, Instant at, long newSequence) {
    PreviousSecret previous = previousExpiresAt == null || secretHash == null ? null
        : new PreviousSecret(secretHash, secretIssuedAt(), previousExpiresAt);
    return withSecrets(hash, at, previous, at, newSequence);
  }

  /** The overlap ended early: only the current secret stays. */
  public ApiApp withoutPreviousSecret(Instant at, long newSequence) {
    return withSecrets(secretHash, secretCreatedAt, null, at, newSequence);
  }

  public ApiApp withChange(Instant at, long newSequence) {
    return withSecrets(secretHash, secretCreatedAt, previousSecret, at, newSequence);
  }

  private ApiApp withSecrets(String hash, Instant hashCreatedAt, PreviousSecret previous, Instant at,
                             long newSequence) {
    return new ApiApp(instanceId, orgId, projectId, id, name, clientId, authMethod, hash, createdAt, at, newSequence,
        hashCreatedAt, previous);
  }
}
