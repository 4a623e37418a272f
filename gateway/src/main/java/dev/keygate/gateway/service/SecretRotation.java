package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.PreviousSecret;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The rules of rotation with overlap, shared by machine users and API apps: how long a previous secret may stay
 * valid, and what a read of a client's secrets shows (times only, never a secret or its hash).
 */
public final class SecretRotation {

  /** The longest a previous secret may stay valid after a rotation. */
  public static final Duration LONGEST_OVERLAP = Duration.ofDays(30);

  /** One secret's times; {@code expiresAt} null for the current secret, {@code lastUsedAt} null if never used. */
  public record SecretTimes(Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

  /** A client's secrets as a read shows them: the current one (null: none) and the previous one while valid. */
  public record Secrets(SecretTimes current, SecretTimes previous, long sequence, Instant changedAt, String orgId) {}

  private SecretRotation() {}

  /**
   * When a previous secret kept for {@code validFor} from {@code now} expires: null for no overlap (none asked for,
   * or zero), so the old secret stops at once as without rotation. Longer than {@link #LONGEST_OVERLAP} is refused.
   */
  public static Instant previousExpiry(Duration validFor, Instant now) {
    if (validFor == null || validFor.isZero()) {
      return null;
    }
    if (validFor.isNegative() || validFor.compareTo(LONGEST_OVERLAP) > 0) {
      throw DomainError.OVERLAP_TOO_LONG.exception();
    }
    return now.plus(validFor);
  }

  /** The times of a client's secrets with their last uses; a previous secret that expired is not shown. */
  static Future<Secrets> read(CredentialUsageStore uses, String instanceId, String currentHash, Instant currentSince,
                              PreviousSecret previous, Instant now, long sequence, Instant changedAt, String orgId) {
    PreviousSecret live = previous != null && previous.validAt(now) ? previous : null;
    return uses.lastUses(instanceId, Arrays.asList(currentHash, live == null ? null : live.hash()))
        .map(last -> new Secrets(
            currentHash == null ? null : new SecretTimes(currentSince, null, last.get(currentHash)),
            live == null ? null : new SecretTimes(live.createdAt(), live.expiresAt(), last.get(live.hash())),
            sequence, changedAt, orgId));
  }
}
