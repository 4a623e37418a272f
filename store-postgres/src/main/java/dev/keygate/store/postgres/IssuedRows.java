package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Lookup;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What Droplit ecosystems and clients have alike on PostgreSQL: their ids are issued once across all instances
 * ({@code issued_ids} remembers to whom, even after the instance is gone), and a removal leaves a tombstone row, so a
 * lookup tells four answers apart and a change applies only to a live row. One instance per kind of row.
 */
final class IssuedRows<T> {

  static final IssuedRows<Ecosystem> ECOSYSTEMS = new IssuedRows<>("ECOSYSTEM", "ecosystems", Rows::ecosystem,
      Ecosystem::sequence, Entity.ECOSYSTEM, Aggregate.ECOSYSTEM);
  static final IssuedRows<EcosystemClient> CLIENTS = new IssuedRows<>("CLIENT", "clients", Rows::client,
      EcosystemClient::sequence, Entity.CLIENT, Aggregate.CLIENT);

  private static final String ISSUE = """
      INSERT INTO issued_ids (kind, id, instance_id) VALUES ($1, $2, $3)""";

  /** The {@code issued_ids.kind} of these rows. */
  final String kind;
  private final String table;
  private final String lookup;
  private final String tombstone;
  private final Function<Row, T> mapper;
  private final ToLongFunction<T> sequenceOf;
  private final Entity entity;
  private final String aggregateType;

  private IssuedRows(String kind, String table, Function<Row, T> mapper, ToLongFunction<T> sequenceOf, Entity entity,
                     String aggregateType) {
    this.kind = kind;
    this.table = table;
    this.lookup = "SELECT o.instance_id AS owner, t.* FROM issued_ids o LEFT JOIN " + table
        + " t ON t.id = o.id WHERE o.kind = $1 AND o.id = $2";
    this.tombstone = liveUpdate("removed_at = $3, changed_at = $3");
    this.mapper = mapper;
    this.sequenceOf = sequenceOf;
    this.entity = entity;
    this.aggregateType = aggregateType;
  }

  /**
   * The statement that changes the live row {@code $1} of instance {@code $2} by {@code assignments} (parameters from
   * {@code $3}) and advances its sequence, returning the row; it matches no row once the row is a tombstone.
   */
  String liveUpdate(String assignments) {
    return "UPDATE " + table + " SET " + assignments + ", sequence = sequence + 1 "
        + "WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL RETURNING *";
  }

  /** Who the id was issued to, and the row if it still exists: the four answers of a Lookup. */
  Future<Lookup<T>> lookup(PgExecutor db, String instanceId, String id) {
    return db.read(lookup, Tuple.of(kind, id), rows -> {
      if (rows.size() == 0) {
        return Lookup.<T>of(Lookup.State.NEVER_EXISTED);
      }
      Row row = rows.iterator().next();
      if (!row.getString("owner").equals(instanceId)) {
        return Lookup.<T>of(Lookup.State.OTHER_TENANT);
      }
      if (row.getString("id") == null) {
        return Lookup.<T>of(Lookup.State.NEVER_EXISTED); // its instance was removed
      }
      return row.getOffsetDateTime("removed_at") != null ? Lookup.<T>of(Lookup.State.REMOVED)
          : Lookup.found(mapper.apply(row));
    });
  }

  /** Within a write: records that {@code id} is now {@code instanceId}'s; a second issue fails on the key. */
  Future<Void> issue(SqlConnection conn, String id, String instanceId) {
    return run(conn, ISSUE, Tuple.of(kind, id, instanceId)).mapEmpty();
  }

  /** One write: changes the live row by {@code liveUpdate} (a {@link #liveUpdate} statement), records its event. */
  Future<T> change(PgExecutor db, String instanceId, String id, String liveUpdate, Tuple params, String eventType,
                   Change change) {
    return change(db, instanceId, id, liveUpdate, params, eventType, change,
        (conn, changed) -> Future.succeededFuture(changed));
  }

  /** One write: turns the live row into a tombstone, records {@code eventType}, then runs {@code andThen}. */
  Future<T> remove(PgExecutor db, String instanceId, String id, String eventType, Change change,
                   BiFunction<SqlConnection, T, Future<T>> andThen) {
    return change(db, instanceId, id, tombstone, Tuple.of(id, instanceId, time(change.at())), eventType, change,
        andThen);
  }

  /**
   * One write: holds the instance, runs {@code update} (a {@link #liveUpdate} statement), fails NOT_FOUND of this
   * kind's entity when no live row matched, records the event with the row's new sequence, and then lets
   * {@code andThen} finish in the same transaction.
   */
  private Future<T> change(PgExecutor db, String instanceId, String id, String update, Tuple params,
                           String eventType, Change change, BiFunction<SqlConnection, T, Future<T>> andThen) {
    // announced: a read of the row cached by any gateway is stale now
    return db.writeAnnouncing(entity, conn -> lockInstance(conn, instanceId)
        .compose(v -> run(conn, update, params))
        .compose(rows -> {
          T changed = single(rows, mapper, entity);
          return append(conn, instanceId, aggregateType, id, sequenceOf.applyAsLong(changed), eventType, change)
              .map(v -> changed);
        })
        .compose(changed -> andThen.apply(conn, changed)), id);
  }
}
