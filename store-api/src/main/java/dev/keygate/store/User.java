package dev.keygate.store;

import java.time.Instant;
import java.util.Set;

/**
 * A human or machine user. Secret material is present only as hashes: {@code passwordHash} (slow, salted) for humans,
 * {@code secretHash} (fast, keyed) for a machine user's client secret. {@code roles} are the user's memberships in its
 * instance and organization; an empty set means "no membership at all".
 */
public record User(String instanceId, String orgId, String id, Kind kind, String userName, String displayName,
                   String description, String accessTokenType, String email, boolean emailVerified, String firstName,
                   String lastName, String preferredLanguage, String passwordHash, String secretHash, Set<Role> roles,
                   Instant createdAt, Instant changedAt, long sequence) {

  public enum Kind { HUMAN, MACHINE }

  /**
   * Memberships, named as ZITADEL names them. IAM_OWNER is instance-wide; the others hold in the user's organization.
   * Which permissions each grants is the gateway's business, not the store's.
   */
  public enum Role { IAM_OWNER, ORG_OWNER, ORG_USER_MANAGER, ORG_PROJECT_CREATOR }

  public User {
    roles = Set.copyOf(roles);
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

  public User withSecretHash(String hash, Instant at, long newSequence) {
    return new User(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email,
        emailVerified, firstName, lastName, preferredLanguage, passwordHash, hash, roles, createdAt, at, newSequence);
  }

  public User withRoles(Set<Role> newRoles, Instant at, long newSequence) {
    return new User(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email,
        emailVerified, firstName, lastName, preferredLanguage, passwordHash, secretHash, newRoles, createdAt, at,
        newSequence);
  }

  public User withChange(Instant at, long newSequence) {
    return withSecretHash(secretHash, at, newSequence);
  }
}
