package dev.keygate.store.postgres;

import dev.keygate.store.StoreException;
import dev.keygate.store.postgres.AggregateBatcher.Member;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * One-statement writes of one kind (the same SQL) queued on one lane, sent as one batch of executions
 * ({@code executeBatch}): PostgreSQL runs the executions up to the batch's single Sync as one implicit transaction,
 * so a batch is one round trip and one commit, where a transaction around the same statements took three round trips
 * (begin, the statements, commit), each waiting its turn on the gateway's busy event loop. The batch commits only when
 * every execution succeeded; then each member gets its own rows. Otherwise nothing committed, and each member runs
 * again alone, so that only the one at fault fails; the database away fails them all, as it would one by one.
 *
 * <p>Only for statements that are correct whatever the members before them in the batch wrote, as each sees their
 * rows: the idempotency records' claims, answers and releases.
 */
final class StatementBatches implements AggregateBatcher.Runner<StatementBatches.Statement, RowSet<Row>> {

  record Statement(String sql, Tuple params) {}

  private final PgExecutor db;
  private final AggregateBatcher<Statement, RowSet<Row>> lanes;

  StatementBatches(PgExecutor db) {
    this.db = db;
    this.lanes = db.batcher(this);
  }

  /** Queues the statement on {@code lane}, apart from other statements of that lane; answered once it committed. */
  Future<RowSet<Row>> submit(Object lane, String sql, Tuple params, StoreException.Entity onConflict) {
    return db.batched(lanes, List.of(lane, sql), new Statement(sql, params), onConflict);
  }

  @Override
  public Future<?> apply(List<Member<Statement, RowSet<Row>>> batch) {
    if (batch.size() == 1) {
      return alone(batch.get(0));
    }
    List<Tuple> params = batch.stream().map(member -> member.write().params()).toList();
    return db.guarded(db.queryBatch(batch.get(0).write().sql(), params), null)
        .map(rows -> {
          List<Future<RowSet<Row>>> outcomes = new ArrayList<>(batch.size());
          for (RowSet<Row> each = rows; outcomes.size() < batch.size(); each = each.next()) {
            outcomes.add(Future.succeededFuture(each));
          }
          return outcomes;
        })
        .transform(done -> AggregateBatcher.settle(batch, done, PgErrors::isUnavailable, this::alone));
  }

  private Future<RowSet<Row>> alone(Member<Statement, RowSet<Row>> member) {
    return db.query(member.write().sql(), member.write().params()).onComplete(member::answer);
  }
}
