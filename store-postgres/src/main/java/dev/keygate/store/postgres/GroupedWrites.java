package dev.keygate.store.postgres;

import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.postgres.AggregateBatcher.Member;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Any write, coalesced with the concurrent writes queued on the same lane into one transaction and one commit (see
 * {@link AggregateBatcher}): the writes that are not worth a batch of their own shape, as {@link PgAppCreates} is
 * for app creates, but that would otherwise queue on one hot row (an ecosystem's client total, a client's sequence, a
 * user's tokens) and pay one commit, one fsync, each.
 *
 * <p>A write alone runs as it would without this class, in a transaction of its own. Writes that queued meanwhile
 * run in one transaction, in their order, on one connection: a member sees the rows of the members before it, and one
 * transaction holds every lock the members take, so they never wait for each other. The batch commits only when every
 * member succeeded; then each is answered. Otherwise nothing committed, and each member runs again alone, so that
 * only the one at fault fails. A failure that concerns them all (the database away) fails them all, as it would have
 * one by one. One-statement writes of one kind are batched by {@link StatementBatches} instead, in one round trip.
 *
 * <p>Credential changes are announced as by {@link PgExecutor#writeAnnouncing}: the batch notifies the other processes
 * of every member's ids in its transaction, and this process's listeners are told after the commit, before any member
 * is answered.
 */
final class GroupedWrites implements AggregateBatcher.Runner<GroupedWrites.Write<?>, Object> {

  /**
   * One write: {@code work} runs on a connection in a transaction; {@code announced} are the ids whose credentials it
   * changes.
   */
  record Write<T>(Function<SqlConnection, Future<T>> work, Entity onConflict, List<String> announced) {}

  private final PgExecutor db;
  private final AggregateBatcher<Write<?>, Object> lanes;

  GroupedWrites(PgExecutor db) {
    this.db = db;
    this.lanes = db.batcher(this);
  }

  /** Queues {@code write} on the lane of {@code aggregate}; answered once its batch committed, or failed. */
  @SuppressWarnings("unchecked")
  <T> Future<T> submit(Object aggregate, Write<T> write) {
    return db.batched(lanes, aggregate, write, write.onConflict()).map(result -> (T) result);
  }

  @Override
  public Future<?> apply(List<Member<Write<?>, Object>> batch) {
    if (batch.size() == 1) {
      return alone(batch.get(0));
    }
    Set<String> announced = new LinkedHashSet<>();
    batch.forEach(member -> announced.addAll(member.write().announced()));
    String[] ids = announced.toArray(String[]::new);
    return db.write(null, conn -> together(conn, batch)
            .compose(outcomes -> ids.length == 0 ? Future.succeededFuture(outcomes)
                : db.announce(conn, ids).map(v -> outcomes)))
        .onSuccess(outcomes -> db.tellLocally(ids))
        .transform(done -> AggregateBatcher.settle(batch, done, PgErrors::isUnavailable, this::alone));
  }

  /**
   * Every member's statements on the batch's connection, one member after the other (a member may read and then
   * write); succeeds with each member's outcome only when all succeeded, else fails with the first failure in the
   * batch's order, which rolls the transaction back.
   */
  private static Future<List<Future<Object>>> together(SqlConnection conn, List<Member<Write<?>, Object>> batch) {
    List<Future<Object>> outcomes = new ArrayList<>(batch.size());
    Future<?> gate = Future.succeededFuture();
    for (Member<Write<?>, Object> member : batch) {
      Future<Object> outcome = gate.transform(done -> start(member.write(), conn));
      outcomes.add(outcome);
      gate = outcome;
    }
    return Future.join(outcomes).transform(joined -> {
      for (Future<Object> outcome : outcomes) {
        if (outcome.failed()) {
          return Future.failedFuture(outcome.cause());
        }
      }
      return Future.succeededFuture(outcomes);
    });
  }

  private static Future<Object> start(Write<?> write, SqlConnection conn) {
    try {
      return write.work().apply(conn).map(result -> (Object) result);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Future<Object> alone(Member<Write<?>, Object> member) {
    Write<Object> write = (Write<Object>) member.write();
    String[] ids = write.announced().toArray(String[]::new);
    Future<Object> done;
    if (ids.length == 0) {
      done = db.write(write.onConflict(), conn -> write.work().apply(conn));
    } else {
      done = db.writeAnnouncing(write.onConflict(), conn -> write.work().apply(conn), ids);
    }
    return done.onComplete(member::answer);
  }
}
