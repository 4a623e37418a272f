package dev.keygate.store;

import java.time.Instant;
import java.util.Set;

/**
 * A human or machine user. Secret material is present only as hashes: {@code passwordHash} (slow, salted) for humans,
 * {@code secretHash} (fast, keyed) for a machine user's client secret. {@code roles} are the user's memberships in its
 * instance and organization; an empty set means "no membership at all". {@code secretCreatedAt} is when the current
 * secret was set (null: when the user was created); {@code previousSecret} the one a rotation keeps working for a
 * while, or null.
 */
public record User(String instanceId, String orgId, String id, Kind kind, String userName, String displayName,
                   String description, String accessTokenType, String email, boolean emailVerified, String firstName,
                   String lastName, String preferredLanguage, String passwordHash, String secretHash, Set<Role> roles,
                   Instant createdAt, Instant changedAt, long sequence, Instant secretCreatedAt,
                   PreviousSecret previousSecret) {

  public enum Kind { HUMAN, MACHINE }

  /**
   * Memberships, named as ZITADEL names them. IAM_OWNER is instance-wide; the others hold in the user's organization.
   * Which permissions each grants is the gateway's business, not the store's.
   */
  public enum Role { IAM_OWNER, ORG_OWNER, ORG_USER_MANAGER, ORG_PROJECT_CREATOR }

  public User {
    roles = Set.copyOf(roles);
  }

  /** A user without a rotated secret, its secret (if any) set when it was created. */
  public User(String instanceId, String orgId, String id, Kind kind, String userName, String displayName,
              String description, String accessTokenType, String email, boolean emailVerified, String firstName,
              String lastName, String preferredLanguage, String passwordHash, String secretHash, Set<Role> roles,
              Instant createdAt, Instant changedAt, long sequence) {
    this(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email, emailVerified,
        firstName, lastName, preferredLanguage, passwordHash, secretHash, roles, createdAt, changedAt, sequence, null,
        null);
  }

  /** When the current secret was set. */
  public Instant secretIssuedAt() {
    return secretCreatedAt != null ? secretCreatedAt : createdAt;
  }

  public boolean isMachine() {
    return kind == Kind.MACHINE;
  }

  /** Whether the user's access tokens are JWTs ({@code ACCESS_TOKEN_TYPE_JWT}); otherwise they are opaque. */
  public boolean jwtAccessTokens() {
    return "ACCESS_TOKEN_TYPE_JWT".equals(accessTokenType);
  }

  public boolean hasSecret() {
    return secretHash != null;
  }

  /** A new secret (or none, {@code hash} null) that replaces the current one and any previous one at once. */
  public User withSecretHash(String hash, Instant at, long newSequence) {
    return withSecrets(hash, hash == null ? null : at, null, at, newSequence);
  }

  /**
   * A new secret, the current one staying valid until {@code previousExpiresAt} (null: not at all); any older
   * previous secret is dropped, so there are never more than two.
   */
  public User withRotatedSecret(String hash, Instant previousExpiresAt, Instant at, long newSequence) {
    PreviousSecret previous = previousExpiresAt == null || secretHash == null ? null
        : new PreviousSecret(secretHash, secretIssuedAt(), previousExpiresAt);
    return withSecrets(hash, at, previous, at, newSequence);
  }

  /** The overlap ended early: only the current secret stays. */
  public User withoutPreviousSecret(Instant at, long newSequence) {
    return withSecrets(secretHash, secretCreatedAt, null, at, newSequence);
  }

  private User withSecrets(String hash, Instant hashCreatedAt, PreviousSecret previous, Instant at, long newSequence) {
    return new User(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email,
        emailVerified, firstName, lastName, preferredLanguage, passwordHash, hash, roles, createdAt, at, newSequence,
        hashCreatedAt, previous);
  }

  public User withRoles(Set<Role> newRoles, Instant at, long newSequence) {
    return new User(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email,
        emailVerified, firstName, lastName, preferredLanguage, passwordHash, secretHash, newRoles, createdAt, at,
        newSequence, secretCreatedAt, previousSecret);
  }

  public User withChange(Instant at, long newSequence) {
    return withSecrets(secretHash, secretCreatedAt, previousSecret, at, newSequence);
  }
}
