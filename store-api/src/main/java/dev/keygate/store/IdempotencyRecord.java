package dev.keygate.store;

import java.time.Instant;

/**
 * What a store keeps of one request sent with an {@code Idempotency-Key}: nothing a reader of the store can use. The
 * id is a keyed hash of tenant, principal and key, the request hash a keyed hash of method, path and body, and the
 * answer (null while the request runs) is sealed under a key derived from the client's Idempotency-Key, which the
 * store never sees. A pending record belongs to the request holding its lease ({@code leaseId}) until
 * {@code leaseExpiresAt}; after that another request may take it over (its gateway may have crashed). The record is
 * deleted at {@code expiresAt}.
 */
public record IdempotencyRecord(String id, String instanceId, String requestHash, String leaseId,
                                Instant leaseExpiresAt, byte[] answer, Instant expiresAt) {

  /** Whether the request that claimed it is still running (or crashed, until its lease runs out). */
  public boolean pending() {
    return answer == null;
  }

  /** Whether it still binds its key at {@code now}: not expired, and answered or within its lease. */
  public boolean liveAt(Instant now) {
    return expiresAt.isAfter(now) && (answer != null || leaseExpiresAt.isAfter(now));
  }

  /** The same record, answered. */
  public IdempotencyRecord answered(byte[] sealedAnswer) {
    return new IdempotencyRecord(id, instanceId, requestHash, leaseId, leaseExpiresAt, sealedAnswer, expiresAt);
  }
}
