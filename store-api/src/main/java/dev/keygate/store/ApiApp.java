package dev.keygate.store;

import java.time.Instant;

/**
 * An API application of a project. {@code secrets} holds its client secret (none for key-authenticated apps) and the
 * one a rotation keeps working for a while. {@code sequence} is the sequence of the owning project's aggregate at the
 * app's last change, as ZITADEL reports it.
 */
public record ApiApp(String instanceId, String orgId, String projectId, String id, String name, String clientId,
                     AuthMethod authMethod, Instant createdAt, Instant changedAt, long sequence,
                     ClientSecrets secrets) {

  public enum AuthMethod { BASIC, PRIVATE_KEY_JWT }

  /** An app without a rotated secret, its secret (if any, {@code secretHash}) set when it was created. */
  public ApiApp(String instanceId, String orgId, String projectId, String id, String name, String clientId,
                AuthMethod authMethod, String secretHash, Instant createdAt, Instant changedAt, long sequence) {
    this(instanceId, orgId, projectId, id, name, clientId, authMethod, createdAt, changedAt, sequence,
        ClientSecrets.initial(secretHash));
  }

  /** The current secret's keyed hash, or null. */
  public String secretHash() {
    return secrets.hash();
  }

  /** The secret a rotation replaced, or null. */
  public PreviousSecret previousSecret() {
    return secrets.previous();
  }

  /** When the current secret was set. */
  public Instant secretIssuedAt() {
    return secrets.issuedAt(createdAt);
  }

  /** A new secret that replaces the current one and any previous one at once. */
  public ApiApp withSecretHash(String hash, Instant at, long newSequence) {
    return withSecrets(secrets.replacedBy(hash, at), at, newSequence);
  }

  /** A new secret, the current one staying valid until {@code previousExpiresAt} ({@link ClientSecrets#rotatedTo}). */
  public ApiApp withRotatedSecret(String hash, Instant previousExpiresAt, Instant at, long newSequence) {
    return withSecrets(secrets.rotatedTo(hash, previousExpiresAt, at, createdAt), at, newSequence);
  }

  /** The overlap ended early: only the current secret stays. */
  public ApiApp withoutPreviousSecret(Instant at, long newSequence) {
    return withSecrets(secrets.withoutPrevious(), at, newSequence);
  }

  public ApiApp withChange(Instant at, long newSequence) {
    return withSecrets(secrets, at, newSequence);
  }

  private ApiApp withSecrets(ClientSecrets newSecrets, Instant at, long newSequence) {
    return new ApiApp(instanceId, orgId, projectId, id, name, clientId, authMethod, createdAt, at, newSequence,
        newSecrets);
  }
}
