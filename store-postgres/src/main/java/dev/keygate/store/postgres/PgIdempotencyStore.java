package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency records on PostgreSQL. A claim is one upsert on the primary key that replaces only a dead record
 * (expired, or pending with a lapsed lease), so of concurrent claims from any number of gateways exactly one inserts;
 * the others read the live record that beat them. Answering and releasing are conditional on the lease, so a request
 * whose lease lapsed and was taken over cannot overwrite its successor. Times are the gateway's, as passed in.
 *
 * <p>Claims, answers and releases share commits with the others of their kind ({@link Lanes#idempotencyClaims},
 * {@link Lanes#idempotency}, {@link PgExecutor#groupedStatement}): an idempotent create writes twice besides the
 * create, and one fsync each would make it several times slower than the create alone. Claims have a lane of their
 * own, as they commit without waiting for the WAL's flush (see {@link #CLAIM}), and an answer must never share that
 * commit. A claim that lost reads the live record once its batch committed; if that record was released meanwhile,
 * the claim finds nothing and tries again (see {@link #ATTEMPTS}).
 */
record PgIdempotencyStore(PgExecutor db) implements IdempotencyStore {

  /**
   * The claim commits without waiting for its WAL flush (synchronous_commit off for its own transaction): a claim
   * alone answers nobody, and the durable commit of the write it guards, which comes after it, flushes the WAL up to
   * and past the claim. Lost in a crash before that, it guarded nothing that was answered.
   */
  private static final String CLAIM = """
      WITH unflushed AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)) \
      INSERT INTO idempotency_keys (id, instance_id, request_hash, lease_id, lease_expires_at, answer, expires_at) \
      SELECT $1, $2, $3, $4, $5, NULL, $6 FROM unflushed \
      ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, request_hash = EXCLUDED.request_hash, \
      lease_id = EXCLUDED.lease_id, lease_expires_at = EXCLUDED.lease_expires_at, answer = NULL, \
      expires_at = EXCLUDED.expires_at \
      WHERE idempotency_keys.expires_at <= $7 \
      OR (idempotency_keys.answer IS NULL AND idempotency_keys.lease_expires_at <= $7) \
      RETURNING lease_id""";
  private static final String SELECT = """
      SELECT id, instance_id, request_hash, lease_id, lease_expires_at, answer, expires_at \
      FROM idempotency_keys WHERE id = $1""";
  private static final String COMPLETE = """
      UPDATE idempotency_keys SET answer = $3 WHERE id = $1 AND lease_id = $2 AND answer IS NULL""";
  private static final String RELEASE = """
      DELETE FROM idempotency_keys WHERE id = $1 AND lease_id = $2 AND answer IS NULL""";
  private static final String REMOVE_EXPIRED = """
      DELETE FROM idempotency_keys WHERE expires_at <= $1""";
  /** A claim that lost and then found no record (released in between) tries again, this many times in all. */
  private static final int ATTEMPTS = 3;

  @Override
  public Future<Optional<IdempotencyRecord>> claimIdempotencyKey(IdempotencyRecord pending, Instant now) {
    return claim(pending, now, ATTEMPTS);
  }

  private Future<Optional<IdempotencyRecord>> claim(IdempotencyRecord pending, Instant now, int attempts) {
    Tuple params = Tuple.of(pending.id(), pending.instanceId(), pending.requestHash(), pending.leaseId(),
        time(pending.leaseExpiresAt()), time(pending.expiresAt())).addOffsetDateTime(time(now));
    return db.groupedStatement(Lanes.idempotencyClaims(), CLAIM, params, null, Future::succeededFuture)
        .compose(claimed -> claimed.size() > 0 ? Future.succeededFuture(Optional.empty())
            : db.readOne(SELECT, Tuple.of(pending.id()), PgIdempotencyStore::record).compose(live -> {
              if (live.isEmpty() && attempts > 1) {
                return claim(pending, now, attempts - 1);
              }
              // still nothing after every attempt: others keep claiming and releasing it, so it counts as in use
              return Future.succeededFuture(Optional.of(live.orElse(pending)));
            }));
  }

  @Override
  public Future<Boolean> completeIdempotencyKey(String id, String leaseId, byte[] sealedAnswer) {
    return db.groupedStatement(Lanes.idempotency(), COMPLETE, Tuple.of(id, leaseId, Buffer.buffer(sealedAnswer)),
        null, rows -> Future.succeededFuture(rows.rowCount() == 1));
  }

  @Override
  public Future<Void> releaseIdempotencyKey(String id, String leaseId) {
    return db.groupedStatement(Lanes.idempotency(), RELEASE, Tuple.of(id, leaseId), null,
        rows -> Future.<Void>succeededFuture());
  }

  @Override
  public Future<Optional<IdempotencyRecord>> idempotencyRecord(String id) {
    return db.readOne(SELECT, Tuple.of(id), PgIdempotencyStore::record);
  }

  @Override
  public Future<Long> removeExpiredIdempotencyKeys(Instant now) {
    return db.statement(REMOVE_EXPIRED, Tuple.of(time(now)), null,
        rows -> Future.succeededFuture((long) rows.rowCount()));
  }

  private static IdempotencyRecord record(Row row) {
    Buffer answer = row.getBuffer("answer");
    return new IdempotencyRecord(row.getString("id"), row.getString("instance_id"), row.getString("request_hash"),
        row.getString("lease_id"), Rows.instant(row, "lease_expires_at"), answer == null ? null : answer.getBytes(),
        Rows.instant(row, "expires_at"));
  }
}
