package dev.keygate.store.memory;

import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.IdempotencyStore;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idempotency records in one map by id, outside the tenants: they are keyed by a hash that already names tenant and
 * principal, and they lapse by themselves within a day, so removing an instance leaves them to expire. Each record
 * counts against the store's {@link Capacity} (with its sealed answer) and gives its bytes back when it is deleted.
 * Every change of one id is one atomic {@code compute} of the map, which is what makes one of many concurrent claims
 * win. A restart loses them all, as it loses everything else in this store.
 */
final class MemoryIdempotencyStore implements IdempotencyStore {

  private final Map<String, IdempotencyRecord> records = new ConcurrentHashMap<>();
  private final Capacity capacity;

  MemoryIdempotencyStore(Capacity capacity) {
    this.capacity = capacity;
  }

  @Override
  public Future<Optional<IdempotencyRecord>> claimIdempotencyKey(IdempotencyRecord pending, Instant now) {
    AtomicReference<IdempotencyRecord> live = new AtomicReference<>();
    try {
      records.compute(pending.id(), (id, existing) -> {
        if (existing != null && existing.liveAt(now)) {
          live.set(existing);
          return existing;
        }
        capacity.admit(Entity.IDEMPOTENCY_KEY, Weights.idempotency(pending));
        if (existing != null) {
          capacity.release(Weights.idempotency(existing));
        }
        return pending;
      });
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture(Optional.ofNullable(live.get()));
  }

  @Override
  public Future<Boolean> completeIdempotencyKey(String id, String leaseId, byte[] sealedAnswer) {
    AtomicBoolean stored = new AtomicBoolean();
    try {
      records.computeIfPresent(id, (key, existing) -> {
        if (!existing.pending() || !existing.leaseId().equals(leaseId)) {
          return existing;
        }
        capacity.admit(Entity.IDEMPOTENCY_KEY, sealedAnswer.length);
        stored.set(true);
        return existing.answered(sealedAnswer.clone());
      });
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture(stored.get());
  }

  @Override
  public Future<Void> releaseIdempotencyKey(String id, String leaseId) {
    records.computeIfPresent(id, (key, existing) -> {
      if (existing.pending() && existing.leaseId().equals(leaseId)) {
        capacity.release(Weights.idempotency(existing));
        return null;
      }
      return existing;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<IdempotencyRecord>> idempotencyRecord(String id) {
    return Future.succeededFuture(Optional.ofNullable(records.get(id)));
  }

  @Override
  public Future<Long> removeExpiredIdempotencyKeys(Instant now) {
    AtomicLong removed = new AtomicLong();
    for (String id : records.keySet()) {
      records.computeIfPresent(id, (key, existing) -> {
        if (existing.expiresAt().isAfter(now)) {
          return existing;
        }
        capacity.release(Weights.idempotency(existing));
        removed.incrementAndGet();
        return null;
      });
    }
    return Future.succeededFuture(removed.get());
  }
}
