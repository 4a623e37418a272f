package dev.keygate.store;

import java.time.Instant;
import java.util.Set;

/**
 * A human or machine user. Secret material is present only as hashes: {@code passwordHash} (slow, salted) for humans,
 * and in {@code secrets} the keyed hash of a machine user's client secret, with the one a rotation keeps working for a
 * while. {@code roles} are the user's memberships in its instance and organization; an empty set means "no membership
 * at all".
 */
public record User(String instanceId, String orgId, String id, Kind kind, String userName, String displayName,
                   String description, String accessTokenType, String email, boolean emailVerified, String firstName,
                   String lastName, String preferredLanguage, String passwordHash, Set<Role> roles,
                   Instant createdAt, Instant changedAt, long sequence, ClientSecrets secrets) {

  public enum Kind { HUMAN, MACHINE }

  /**
   * Memberships, named as ZITADEL names them. IAM_OWNER is instance-wide; the others hold in the user's organization
   * (ORG_OWNER_VIEWER is ZITADEL's read-only organization manager). Which permissions each grants is the gateway's
   * business, not the store's; stores keep them by name.
   */
  public enum Role { IAM_OWNER, ORG_OWNER, ORG_USER_MANAGER, ORG_PROJECT_CREATOR, ORG_OWNER_VIEWER }

  public User {
    roles = Set.copyOf(roles);
  }

  /** A user without a rotated secret, its secret (if any) set when it was created. */
  public User(String instanceId, String orgId, String id, Kind kind, String userName, String displayName,
              String description, String accessTokenType, String email, boolean emailVerified, String firstName,
              String lastName, String preferredLanguage, String passwordHash, String secretHash, Set<Role> roles,
              Instant createdAt, Instant changedAt, long sequence) {
    this(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email, emailVerified,
        firstName, lastName, preferredLanguage, passwordHash, roles, createdAt, changedAt, sequence,
        ClientSecrets.initial(secretHash));
  }

  /** The current client secret's keyed hash, or null. */
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

  public boolean isMachine() {
    return kind == Kind.MACHINE;
  }

  /** Whether the user's access tokens are JWTs ({@code ACCESS_TOKEN_TYPE_JWT}); otherwise they are opaque. */
  public boolean jwtAccessTokens() {
    return "ACCESS_TOKEN_TYPE_JWT".equals(accessTokenType);
  }

  public boolean hasSecret() {
    return secrets.present();
  }

  /** A new secret (or none, {@code hash} null) that replaces the current one and any previous one at once. */
  public User withSecretHash(String hash, Instant at, long newSequence) {
    return withSecrets(secrets.replacedBy(hash, at), at, newSequence);
  }

  /** A new secret, the current one staying valid until {@code previousExpiresAt} ({@link ClientSecrets#rotatedTo}). */
  public User withRotatedSecret(String hash, Instant previousExpiresAt, Instant at, long newSequence) {
    return withSecrets(secrets.rotatedTo(hash, previousExpiresAt, at, createdAt), at, newSequence);
  }

  /** The overlap ended early: only the current secret stays. */
  public User withoutPreviousSecret(Instant at, long newSequence) {
    return withSecrets(secrets.withoutPrevious(), at, newSequence);
  }

  private User withSecrets(ClientSecrets newSecrets, Instant at, long newSequence) {
    return new User(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email,
        emailVerified, firstName, lastName, preferredLanguage, passwordHash, roles, createdAt, at, newSequence,
        newSecrets);
  }

  public User withRoles(Set<Role> newRoles, Instant at, long newSequence) {
    return new User(instanceId, orgId, id, kind, userName, displayName, description, accessTokenType, email,
        emailVerified, firstName, lastName, preferredLanguage, passwordHash, newRoles, createdAt, at, newSequence,
        secrets);
  }

  public User withChange(Instant at, long newSequence) {
    return withSecrets(secrets, at, newSequence);
  }
}
