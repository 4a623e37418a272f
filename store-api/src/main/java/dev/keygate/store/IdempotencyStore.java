package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/**
 * Requests sent with an {@code Idempotency-Key}, remembered so that a retry replays the first answer instead of
 * creating again. The store only keeps opaque values ({@link IdempotencyRecord}); hashing, sealing and the rules are
 * the gateway's. Claims are atomic across every process on the store: of two concurrent claims of one id, exactly one
 * wins.
 */
public interface IdempotencyStore {

  /**
   * Stores {@code pending} (an unanswered record) unless a record that is live at {@code now} already holds its id
   * ({@link IdempotencyRecord#liveAt}); a dead one (expired, or pending with a lapsed lease) is replaced. Answers
   * empty when {@code pending} was stored, else the live record.
   */
  Future<Optional<IdempotencyRecord>> claimIdempotencyKey(IdempotencyRecord pending, Instant now);

  /**
   * Stores the sealed answer of a pending record, if {@code leaseId} still holds it; false when the lease was lost
   * (released, or lapsed and taken over by another request).
   */
  Future<Boolean> completeIdempotencyKey(String id, String leaseId, byte[] sealedAnswer);

  /** Deletes a pending record that {@code leaseId} holds (its request failed); anything else is left alone. */
  Future<Void> releaseIdempotencyKey(String id, String leaseId);

  Future<Optional<IdempotencyRecord>> idempotencyRecord(String id);

  /** Deletes every record whose {@code expiresAt} is not after {@code now}; answers how many. */
  Future<Long> removeExpiredIdempotencyKeys(Instant now);
}
