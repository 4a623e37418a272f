package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.EventQuery;
import dev.keygate.store.EventStore;
import dev.keygate.store.EventTypes;
import dev.keygate.store.FoundEvent;
import dev.keygate.store.StoredEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;

/**
 * The event log on PostgreSQL: the area classes append to it in their writes (see {@link PgExecutor#append}), each
 * event numbered by the {@code events_position} sequence (migration V10); {@link #search} walks one instance's log
 * in position order on {@code events_instance_position}.
 */
record PgEventStore(PgExecutor db) implements EventStore {

  private static final String OF_AGGREGATE =
      "SELECT * FROM events WHERE instance_id = $1 AND aggregate_id = $2 ORDER BY sequence";

  /**
   * The owner {@link EventStore#search} defines, from the objects as they are now: a removed object's row is gone, so
   * its events have none. Evaluated per row of the page only, unless the query filters on it.
   */
  private static final String OWNER = "CASE e.aggregate_type"
      + " WHEN '" + EventTypes.Aggregate.ORG + "' THEN e.aggregate_id"
      + " WHEN '" + EventTypes.Aggregate.USER + "' THEN (SELECT u.org_id FROM users u"
      + " WHERE u.instance_id = e.instance_id AND u.id = e.aggregate_id)"
      + " WHEN '" + EventTypes.Aggregate.PROJECT + "' THEN (SELECT p.org_id FROM projects p"
      + " WHERE p.instance_id = e.instance_id AND p.id = e.aggregate_id)"
      + " WHEN '" + EventTypes.Aggregate.COMMERCE_APPLICATION + "' THEN (SELECT c.org_id FROM commerce_applications c"
      + " WHERE c.id = e.aggregate_id AND c.instance_id = e.instance_id)"
      + " ELSE e.instance_id END";
  private static final String SEARCH = "SELECT e.*, " + OWNER + " AS resource_owner,"
      + " (SELECT a.display_name FROM users a WHERE a.instance_id = e.instance_id AND a.id = e.actor_id) AS actor_name"
      + " FROM events e WHERE e.instance_id = $1::text";

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    return db.read(OF_AGGREGATE, Tuple.of(instanceId, aggregateId), rows -> PgExecutor.all(rows, Rows::event));
  }

  @Override
  public Future<List<FoundEvent>> search(String instanceId, EventQuery query) {
    Tuple params = Tuple.of(instanceId);
    String sql = statement(query, params);
    return db.read(sql, params, rows -> PgExecutor.all(rows, PgEventStore::found));
  }

  /**
   * The page's statement, its parameters appended to {@code params}: only the filters the query sets, so that each
   * shape gets a plan of its own, every parameter typed in the text (PostgreSQL need not guess, see
   * StatementTypesTest).
   */
  static String statement(EventQuery query, Tuple params) {
    StringBuilder sql = new StringBuilder(SEARCH);
    if (!query.aggregateTypes().isEmpty()) {
      sql.append(" AND e.aggregate_type = ANY(").append(add(params, query.aggregateTypes())).append("::text[])");
    }
    if (query.aggregateId() != null) {
      sql.append(" AND e.aggregate_id = ").append(add(params, query.aggregateId())).append("::text");
    }
    if (!query.types().isEmpty()) {
      sql.append(" AND e.type = ANY(").append(add(params, query.types())).append("::text[])");
    }
    if (query.actorId() != null) {
      sql.append(" AND e.actor_id = ").append(add(params, query.actorId())).append("::text");
    }
    if (query.createdAfter() != null) {
      params.addOffsetDateTime(time(query.createdAfter()));
      sql.append(" AND e.created_at > $").append(params.size()).append("::timestamptz");
    }
    if (query.createdBefore() != null) {
      params.addOffsetDateTime(time(query.createdBefore()));
      sql.append(" AND e.created_at < $").append(params.size()).append("::timestamptz");
    }
    if (query.resourceOwner() != null) {
      sql.append(" AND (").append(OWNER).append(") = ").append(add(params, query.resourceOwner())).append("::text");
    }
    if (query.cursor() > 0) {
      params.addLong(query.cursor());
      sql.append(" AND e.position ").append(query.ascending() ? ">" : "<").append(" $").append(params.size())
          .append("::bigint");
    }
    params.addLong((long) query.limit());
    sql.append(" ORDER BY e.position").append(query.ascending() ? "" : " DESC").append(" LIMIT $")
        .append(params.size()).append("::bigint");
    return sql.toString();
  }

  private static String add(Tuple params, String value) {
    params.addString(value);
    return "$" + params.size();
  }

  private static String add(Tuple params, Set<String> values) {
    params.addArrayOfString(values.toArray(String[]::new));
    return "$" + params.size();
  }

  private static FoundEvent found(Row row) {
    return new FoundEvent(Rows.event(row), row.getString("resource_owner"), row.getString("actor_name"));
  }
}
