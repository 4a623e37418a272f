package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The plumbing every area of the PostgreSQL store shares, so that the area classes hold only their SQL and what it
 * means: calls bounded by the timeout with the driver's failures translated (UNAVAILABLE while the database is away),
 * transactions, events appended with their aggregate's sequence, the credential-change announcement of a write,
 * keyset pages with their totals, and the counters behind those totals, kept in the transaction of the change that
 * alters the listing.
 *
 * <p>Every call is bounded by {@link PostgresStoreOptions#timeoutMs()}: while the database is away, calls fail fast
 * with {@link StoreException.Kind#UNAVAILABLE}, and the pool opens new connections by itself once it is back.
 */
final class PgExecutor {

  static final String EVENT_INSERT = """
      INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  /**
   * Many events in one statement: one execution for the whole batch instead of one per row, which is most of what a
   * row costs beyond its index entries.
   */
  private static final String EVENTS_INSERT = """
      INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[], \
      $7::text[])""";
  private static final String LOCK_INSTANCE = """
      SELECT 1 FROM instances WHERE id = $1 FOR KEY SHARE""";
  private static final String INSTANCE_EXISTS = """
      SELECT 1 FROM instances WHERE id = $1""";
  private static final String NOTIFY = """
      SELECT pg_notify($1, $2)""";
  private static final String COUNT = """
      INSERT INTO counters (instance_id, scope, n) VALUES ($1, $2, GREATEST($3::bigint, 0)) \
      ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + $3::bigint""";
  private static final String FORGET_COUNT = """
      DELETE FROM counters WHERE instance_id = $1 AND scope = $2""";
  private static final String TOTAL = """
      SELECT n FROM counters WHERE instance_id = $1 AND scope = $2""";

  private final PrimaryPool pools;
  private final long timeoutMs;
  private final PgCredentialChangeFeed changes;
  private final Consumer<Throwable> failures;
  private final StandbyReads standby;
  private final GroupedWrites grouped;
  private final StatementBatches statements;

  /**
   * @param failures told of every call's failure as the driver reported it, before it is translated: how the store
   *                 notices that its primary may have moved
   * @param standby  where reads go while the primary is gone, or null where there is no other host
   */
  PgExecutor(PrimaryPool pools, long timeoutMs, PgCredentialChangeFeed changes, Consumer<Throwable> failures,
             StandbyReads standby) {
    this.pools = pools;
    this.timeoutMs = timeoutMs;
    this.changes = changes;
    this.failures = failures;
    this.standby = standby;
    this.grouped = new GroupedWrites(this);
    this.statements = new StatementBatches(this);
  }

  // ---- calls on the pool

  /** The pool to the primary as it is now: a failover replaces it (see {@link PrimaryPool}). */
  Pool pool() {
    return pools.get();
  }

  /** Bounds {@code work} by the timeout and turns its failure into the SPI's errors. */
  <T> Future<T> guarded(Future<T> work, Entity onConflict) {
    return work.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(failure -> {
          failures.accept(failure);
          return Future.failedFuture(PgErrors.translate(failure, onConflict));
        });
  }

  /** One prepared statement on the pool, unguarded: for use inside {@link #guarded}. */
  Future<RowSet<Row>> query(String sql, Tuple params) {
    Pool pool = pools.get();
    return pool.preparedQuery(sql).execute(params).onFailure(failure -> failedOn(pool, failure));
  }

  /** One prepared statement executed once per tuple, in one round trip and one implicit transaction; unguarded. */
  Future<RowSet<Row>> queryBatch(String sql, List<Tuple> params) {
    Pool pool = pools.get();
    return pool.preparedQuery(sql).executeBatch(params).onFailure(failure -> failedOn(pool, failure));
  }

  /**
   * A session of {@code pool} answered read-only (25006): a demoted host that is still up, or an address that leads
   * elsewhere now; its connections must go, so the pool is replaced, unless it was already.
   */
  private void failedOn(Pool pool, Throwable failure) {
    if (failure instanceof PgException pg && "25006".equals(pg.getSqlState())) {
      pools.readOnlyAnswered(pool);
    }
  }

  /** Closes the pool of reads on standbys, if there is one; the primary's pool is its owner's to close. */
  Future<Void> closeStandby() {
    return standby == null ? Future.succeededFuture() : standby.close();
  }

  /** A statement that only reads: on the primary, or on a standby while the primary is gone (StandbyReads). */
  Future<RowSet<Row>> readQuery(String sql, Tuple params) {
    return standby == null ? query(sql, params)
        : standby.read(() -> query(sql, params), sql, params, failures); // the primary's failure is told first
  }

  /** A guarded query whose rows {@code mapper} turns into the answer. */
  <T> Future<T> read(String sql, Tuple params, Function<RowSet<Row>, T> mapper) {
    return guarded(readQuery(sql, params).map(mapper), null);
  }

  /** A guarded query for at most one row. */
  <T> Future<Optional<T>> readOne(String sql, Tuple params, Function<Row, T> mapper) {
    return read(sql, params, rows -> first(rows, mapper));
  }

  /**
   * A write that is one statement, so one round trip and its own transaction; {@code then} turns its rows into the
   * answer (or into the reason there are none).
   */
  <T> Future<T> statement(String sql, Tuple params, Entity onConflict, Function<RowSet<Row>, Future<T>> then) {
    return guarded(query(sql, params).compose(then), onConflict);
  }

  /** A write of several statements in one transaction. */
  <T> Future<T> write(Entity onConflict, Function<SqlConnection, Future<T>> work) {
    Pool pool = pools.get();
    return guarded(pool.withTransaction(conn -> {
      DroppedConnections.watch(conn, "a connection during a transaction", "the write fails as unavailable");
      return work.apply(conn);
    }).onFailure(failure -> failedOn(pool, failure)), onConflict);
  }

  /**
   * A write that changes credentials: the transaction also notifies the other processes of {@code ids} (delivered at
   * commit), and once it committed this process's listeners are told, before the caller sees the result.
   */
  <T> Future<T> writeAnnouncing(Entity onConflict, Function<SqlConnection, Future<T>> work, String... ids) {
    return toldLocally(write(onConflict, conn -> work.apply(conn).compose(value -> announce(conn, ids)
        .map(v -> value))), ids);
  }

  /** Within a write: notifies the other processes of {@code ids}, delivered when the transaction commits. */
  Future<Void> announce(SqlConnection conn, String... ids) {
    return run(conn, NOTIFY, Tuple.of(changes.channel(), String.join(",", ids))).mapEmpty();
  }

  /** Once {@code committed} succeeded, this process's listeners are told of {@code ids}, before the caller is. */
  <T> Future<T> toldLocally(Future<T> committed, String... ids) {
    return committed.map(value -> {
      tellLocally(ids);
      return value;
    });
  }

  /** Tells this process's listeners of {@code ids}: call it once their change committed, before answering. */
  void tellLocally(String... ids) {
    changes.tellLocally(ids);
  }

  /**
   * Lanes that coalesce concurrent writes of one aggregate into batches that {@code runner} applies (see
   * {@link AggregateBatcher}); a write waits for its batch no longer than the timeout.
   */
  <W, R> AggregateBatcher<W, R> batcher(AggregateBatcher.Runner<W, R> runner) {
    return new AggregateBatcher<>(runner, timeoutMs);
  }

  /**
   * A write that joins the next batch of its aggregate: bounded by the timeout from the moment it is queued, its wait
   * for the batch included, and failing with the SPI's errors like any other call.
   */
  <W, R> Future<R> batched(AggregateBatcher<W, R> lanes, Object aggregate, W write, Entity onConflict) {
    return guarded(lanes.submit(aggregate, write), onConflict);
  }

  /**
   * A one-statement write (as {@link #statement}) that shares one round trip and one commit with the same statement's
   * writes queued on the same {@code lane} meanwhile (see {@link StatementBatches}); alone, it is that one statement.
   */
  <T> Future<T> groupedStatement(Object lane, String sql, Tuple params, Entity onConflict,
                                 Function<RowSet<Row>, Future<T>> then) {
    return statements.submit(lane, sql, params, onConflict).compose(then);
  }

  /**
   * A write of several statements (as {@link #write}, or {@link #writeAnnouncing} when it names {@code ids}) that
   * shares one transaction and one commit with the writes queued on the same {@code lane} meanwhile (see
   * {@link GroupedWrites}). {@code work} must be correct whatever the batch's other members wrote before it.
   */
  <T> Future<T> grouped(Object lane, Entity onConflict, Function<SqlConnection, Future<T>> work, String... ids) {
    return grouped.submit(lane, new GroupedWrites.Write<>(work, onConflict, List.of(ids)));
  }

  /** The channel a statement's own {@code pg_notify} must use to reach the other processes. */
  String channel() {
    return changes.channel();
  }

  /** Why a write found nothing: NOT_FOUND/INSTANCE when the instance is gone, else NOT_FOUND of {@code entity}. */
  <T> Future<T> missing(String instanceId, Entity entity) {
    return query(INSTANCE_EXISTS, Tuple.of(instanceId)).compose(rows -> Future.failedFuture(
        StoreException.notFound(rows.size() == 0 ? Entity.INSTANCE : entity)));
  }

  /**
   * One page of a listing and the listing's total (from its counter), fetched side by side.
   *
   * @param params  the parameters of the listing's own condition; the keyset's are appended to them
   */
  <T> Future<Page<T>> page(Listing listing, Tuple params, PageRequest request, Function<Row, T> mapper,
                           String totalInstance, String totalScope) {
    return page(listing, params, request, mapper, TOTAL, Tuple.of(totalInstance, totalScope));
  }

  /**
   * As {@link #page(Listing, Tuple, PageRequest, Function, String, String)}, the listing's total read by
   * {@code totalSql} (one row, its bigint column {@code n}; none: 0) instead of from one counter: for a listing whose
   * total is the sum of other listings' counters.
   */
  <T> Future<Page<T>> page(Listing listing, Tuple params, PageRequest request, Function<Row, T> mapper,
                           String totalSql, Tuple totalParams) {
    String sql = listing.query(request, params);
    return guarded(Future.all(readQuery(sql, params), total(totalSql, totalParams))
        .map(both -> new Page<>(all(both.resultAt(0), mapper), both.<Long>resultAt(1))), null);
  }

  /** One page of a narrowed listing, and its total counted with the same conditions. */
  <T> Future<Page<T>> page(Narrowing search, PageRequest request, Function<Row, T> mapper) {
    return page(search.listing(), search.params(), request, mapper, search.count(), search.params());
  }

  private Future<Long> total(String sql, Tuple params) {
    return readQuery(sql, params).map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("n"));
  }

  // ---- steps inside a transaction

  static Future<RowSet<Row>> run(SqlConnection conn, String sql, Tuple params) {
    return conn.preparedQuery(sql).execute(params);
  }

  /** One statement for many rows, in one round trip. */
  static Future<RowSet<Row>> runBatch(SqlConnection conn, String sql, List<Tuple> rows) {
    return conn.preparedQuery(sql).executeBatch(rows);
  }

  /**
   * Holds the instance for the rest of the transaction (a removal waits for us) and fails NOT_FOUND/INSTANCE when it
   * is gone, as every tenant write must.
   */
  static Future<Void> lockInstance(SqlConnection conn, String instanceId) {
    return run(conn, LOCK_INSTANCE, Tuple.of(instanceId)).map(rows -> {
      if (rows.size() == 0) {
        throw StoreException.notFound(Entity.INSTANCE);
      }
      return null;
    });
  }

  /** The parameters of one event row, for {@link #appendAll}. */
  static Tuple event(String instanceId, String aggregateType, String aggregateId, long sequence, String type,
                     Change change) {
    return Tuple.of(instanceId, aggregateId, sequence, aggregateType, type, time(change.at()))
        .addString(change.actorId());
  }

  /** Records the event of a change; {@code sequence} is the aggregate's new one. */
  static Future<Void> append(SqlConnection conn, String instanceId, String aggregateType, String aggregateId,
                             long sequence, String type, Change change) {
    return run(conn, EVENT_INSERT, event(instanceId, aggregateType, aggregateId, sequence, type, change)).mapEmpty();
  }

  /** Records several events in one statement (none: nothing is sent). */
  static Future<Void> appendAll(SqlConnection conn, List<Tuple> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return run(conn, EVENTS_INSERT, columns(Tuple.tuple(), events, String[]::new, String[]::new, Long[]::new,
        String[]::new, String[]::new, OffsetDateTime[]::new, String[]::new)).mapEmpty();
  }

  /**
   * The rows of a multi-row statement turned into one array per column, for {@code unnest}, added to {@code columns}:
   * {@code arrays} makes each column's array, in the rows' column order.
   */
  @SafeVarargs
  static Tuple columns(Tuple columns, List<Tuple> rows, IntFunction<? extends Object[]>... arrays) {
    for (int column = 0; column < arrays.length; column++) {
      Object[] values = arrays[column].apply(rows.size());
      for (int row = 0; row < values.length; row++) {
        values[row] = rows.get(row).getValue(column);
      }
      columns.addValue(values);
    }
    return columns;
  }

  /** Adjusts a listing total in the same transaction as the change that alters the listing. */
  static Future<Void> count(SqlConnection conn, String instanceId, String scope, long delta) {
    return run(conn, COUNT, Tuple.of(instanceId, scope, delta)).mapEmpty();
  }

  /** The parameters of one listing total's adjustment, for {@link #countAll}. */
  static Tuple counter(String instanceId, String scope, long delta) {
    return Tuple.of(instanceId, scope, delta);
  }

  /** Adjusts several listing totals in one round trip, in the transaction of the change that alters them. */
  static Future<Void> countAll(SqlConnection conn, List<Tuple> counters) {
    return runBatch(conn, COUNT, counters).mapEmpty();
  }

  /** Drops the total of a listing whose owner went away. */
  static Future<Void> forgetCount(SqlConnection conn, String instanceId, String scope) {
    return run(conn, FORGET_COUNT, Tuple.of(instanceId, scope)).mapEmpty();
  }

  // ---- row sets

  static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
  }

  /** The one row, or NOT_FOUND of {@code missing}. */
  static <T> T single(RowSet<Row> rows, Function<Row, T> mapper, Entity missing) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      throw StoreException.notFound(missing);
    }
    return mapper.apply(it.next());
  }

  static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(mapper.apply(row)));
    return list;
  }
}
