package dev.keygate.gateway.idempotency;

import dev.keygate.store.ComposedStore;
import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.IdempotencyStore;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store whose idempotency area notes every record id and sealed answer the gateway hands it, so that a test can
 * read back what the store holds and check what the gateway wrote, and that can hold answers back to keep their
 * requests running; everything else passes straight through.
 */
final class RecordingIdempotencyStore implements IdempotencyStore {

  final List<IdempotencyRecord> claims = new CopyOnWriteArrayList<>();
  final List<byte[]> answers = new CopyOnWriteArrayList<>();
  /** While set and not completed, answers wait before they are stored: their requests count as still running. */
  volatile Promise<Void> hold;
  private final KeygateStore store;

  RecordingIdempotencyStore(KeygateStore store) {
    this.store = store;
  }

  /** The store with this recorder in its idempotency area; closing it leaves the underlying store open. */
  KeygateStore wrapping() {
    return ComposedStore.of(store).withIdempotency(this).withCloser(Future::succeededFuture);
  }

  @Override
  public Future<Optional<IdempotencyRecord>> claimIdempotencyKey(IdempotencyRecord pending, Instant now) {
    claims.add(pending);
    return store.idempotency().claimIdempotencyKey(pending, now);
  }

  @Override
  public Future<Boolean> completeIdempotencyKey(String id, String leaseId, byte[] sealedAnswer) {
    answers.add(sealedAnswer.clone());
    Promise<Void> waiting = hold;
    return waiting == null ? store.idempotency().completeIdempotencyKey(id, leaseId, sealedAnswer)
        : waiting.future().compose(v -> store.idempotency().completeIdempotencyKey(id, leaseId, sealedAnswer));
  }

  @Override
  public Future<Void> releaseIdempotencyKey(String id, String leaseId) {
    return store.idempotency().releaseIdempotencyKey(id, leaseId);
  }

  @Override
  public Future<Optional<IdempotencyRecord>> idempotencyRecord(String id) {
    return store.idempotency().idempotencyRecord(id);
  }

  @Override
  public Future<Long> removeExpiredIdempotencyKeys(Instant now) {
    return store.idempotency().removeExpiredIdempotencyKeys(now);
  }
}
