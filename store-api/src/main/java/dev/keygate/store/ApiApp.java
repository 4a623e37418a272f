package dev.keygate.store;

import java.time.Instant;

/**
 * An API application of a project. {@code secretHash} is null for key-authenticated apps. {@code sequence} is the
 * sequence of the owning project's aggregate at the app's last change, as ZITADEL reports it.
 */
public record ApiApp(String instanceId, String orgId, String projectId, String id, String name, String clientId,
                     AuthMethod authMethod, String secretHash, Instant createdAt, Instant changedAt, long sequence) {

  public enum AuthMethod { BASIC, PRIVATE_KEY_JWT }

  public ApiApp withSecretHash(String hash, Instant at, long newSequence) {
    return new ApiApp(instanceId, orgId, projectId, id, name, clientId, authMethod, hash, createdAt, at, newSequence);
  }

  public ApiApp withChange(Instant at, long newSequence) {
    return withSecretHash(secretHash, at, newSequence);
  }
}
