package dev.keygate.store;

import java.time.Instant;

/**
 * The client secret of an API app or of a machine user, and what a rotation keeps of the one before it: the current
 * secret's keyed hash ({@code hash}, null when there is none), when it was set ({@code createdAt}; null means "with its
 * owner", for rows written before rotation existed), and the secret a rotation replaced, still working until it
 * expires ({@code previous}, or null). Apps and machine users rotate the same way, so the rules live here once.
 */
public record ClientSecrets(String hash, Instant createdAt, PreviousSecret previous) {

  /** No secret (a key-authenticated app, a machine user before its first secret). */
  public static final ClientSecrets NONE = new ClientSecrets(null, null, null);

  /** A secret set together with its owner, or none when {@code hash} is null. */
  public static ClientSecrets initial(String hash) {
    return hash == null ? NONE : new ClientSecrets(hash, null, null);
  }

  public boolean present() {
    return hash != null;
  }

  /** When the current secret was set: {@code ownerCreatedAt} for a secret set with its owner. */
  public Instant issuedAt(Instant ownerCreatedAt) {
    return createdAt != null ? createdAt : ownerCreatedAt;
  }

  /** A new secret (or none, {@code newHash} null) that replaces the current one and any previous one at once. */
  public ClientSecrets replacedBy(String newHash, Instant at) {
    return new ClientSecrets(newHash, newHash == null ? null : at, null);
  }

  /**
   * A new secret, the current one staying valid until {@code previousExpiresAt} (null: not at all); any older previous
   * secret is dropped, so there are never more than two.
   */
  public ClientSecrets rotatedTo(String newHash, Instant previousExpiresAt, Instant at, Instant ownerCreatedAt) {
    PreviousSecret kept = previousExpiresAt == null || hash == null ? null
        : new PreviousSecret(hash, issuedAt(ownerCreatedAt), previousExpiresAt);
    return new ClientSecrets(newHash, newHash == null ? null : at, kept);
  }

  /** The overlap ended early: only the current secret stays. */
  public ClientSecrets withoutPrevious() {
    return new ClientSecrets(hash, createdAt, null);
  }
}
