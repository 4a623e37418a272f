package dev.keygate.gateway.service.idempotency;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.IdempotencyStore;
import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the {@code Idempotency-Key} header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): the
 * same key from the same principal of the same tenant with the same request within {@link #KEPT} replays the first
 * answer and runs nothing; with another request it is refused (IDEMPOTENCY_KEY_REUSED); while the first still runs
 * it is refused too (IDEMPOTENCY_KEY_IN_FLIGHT). Only successful answers are remembered: a request that failed
 * releases its key, so its retry runs anew.
 *
 * <p>A running request holds a lease of {@link #lease} on its key. A gateway that crashed mid-request thus blocks the
 * key for at most that long; then a retry takes the key over and runs. The same happens to a request that outlasts its
 * lease (it still answers its own client, but its answer is not remembered), so the lease is far longer than any
 * create takes (store calls are bounded by {@code KEYGATE_PG_TIMEOUT_MS}).
 */
public final class IdempotencyService implements IdempotentRequests {

  /** How long an answer is replayed: the draft's example and the 24 hours. */
  public static final Duration KEPT = Duration.ofHours(24);
  /** How long a running request holds its key. */
  public static final Duration LEASE = Duration.ofSeconds(30);
  /** The server half of the keys that seal remembered answers. */
  public static final String KEY = "idempotency-answer-key";
  /** How often expired records are deleted. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyService.class);

  private final IdempotencyStore store;
  private final IdempotencySeal seal;
  private final SecretGenerator random;
  private final Clock clock;
  private final Duration lease;

  /**
   * The service with the store's key for sealing answers ({@value #KEY}, the server half; each answer's own half comes
   * from its request), which the first process on an empty store creates.
   */
  public static Future<IdempotencyService> load(IdempotencyStore store, ServerKeyStore keys, SecretGenerator random,
                                                Clock clock) {
    return keys.serverKey(KEY, random.bytes(32)).map(key -> new IdempotencyService(store, key, random, clock, LEASE));
  }

  public IdempotencyService(IdempotencyStore store, byte[] serverKey, SecretGenerator random, Clock clock,
                            Duration lease) {
    this.store = store;
    this.seal = new IdempotencySeal(serverKey, random);
    this.random = random;
    this.clock = clock;
    this.lease = lease;
  }

  @Override
  public Future<Claim> claim(Scope scope, String key, byte[] request) {
    IdempotencySeal.Keys keys = seal.derive(scope, key);
    String requestHash = seal.fingerprint(keys, request);
    Instant now = clock.instant();
    String leaseId = random.token();
    IdempotencyRecord pending = new IdempotencyRecord(keys.lookupId(), scope.tenant(), requestHash, leaseId,
        now.plus(lease), null, now.plus(KEPT));
    return store.claimIdempotencyKey(pending, now)
        .recover(failure -> Future.failedFuture(StoreFailures.translate(failure, Map.of())))
        .compose(live -> {
          if (live.isEmpty()) {
            return Future.succeededFuture(new HeldLease(keys, leaseId));
          }
          IdempotencyRecord first = live.get();
          if (!MessageDigest.isEqual(ascii(first.requestHash()), ascii(requestHash))) {
            return Future.failedFuture(DomainError.IDEMPOTENCY_KEY_REUSED.exception());
          }
          if (first.pending()) {
            return Future.failedFuture(DomainError.IDEMPOTENCY_KEY_IN_FLIGHT.exception());
          }
          Answer answer = seal.open(keys, first.answer());
          if (answer == null) { // sealed under another server key: cannot happen while the store keeps its keys
            return Future.failedFuture(DomainError.INTERNAL.exception());
          }
          return Future.succeededFuture(new Replay(answer));
        });
  }

  /** Deletes expired records every {@link #SWEEP_EVERY}; answers the timer id, for {@link Vertx#cancelTimer}. */
  public long sweepPeriodically(Vertx vertx) {
    return vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep());
  }

  /** Deletes the records that expired by now. */
  public Future<Long> sweep() {
    return store.removeExpiredIdempotencyKeys(clock.instant()).onFailure(failure ->
        LOG.debug("expired idempotency records not deleted this time: {}", failure.getMessage()));
  }

  private static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  /** The lease of one running request. */
  private final class HeldLease implements Lease {

    private final IdempotencySeal.Keys keys;
    private final String leaseId;

    HeldLease(IdempotencySeal.Keys keys, String leaseId) {
      this.keys = keys;
      this.leaseId = leaseId;
    }

    @Override
    public Future<Void> remember(Answer answer) {
      return store.completeIdempotencyKey(keys.lookupId(), leaseId, seal.seal(keys, answer))
          .<Void>map(stored -> {
            if (!stored) {
              LOG.debug("an idempotent request outlasted its lease; its answer is not remembered");
            }
            return null;
          })
          .recover(failure -> {
            // the client gets its answer anyway; without a record, the key frees itself when the lease lapses
            LOG.debug("answer of an idempotent request not remembered: {}", failure.getMessage());
            return release();
          });
    }

    @Override
    public Future<Void> release() {
      return store.releaseIdempotencyKey(keys.lookupId(), leaseId).recover(failure -> {
        LOG.debug("idempotency key not released, it frees itself when its lease lapses: {}", failure.getMessage());
        return Future.succeededFuture();
      });
    }
  }
}
