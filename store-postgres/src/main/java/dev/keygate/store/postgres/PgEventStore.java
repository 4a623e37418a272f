package dev.keygate.store.postgres;

import dev.keygate.store.EventStore;
import dev.keygate.store.StoredEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The event log on PostgreSQL: the area classes append to it in their writes (see {@link PgExecutor#append}). */
record PgEventStore(PgExecutor db) implements EventStore {

  private static final String OF_AGGREGATE =
      "SELECT * FROM events WHERE instance_id = $1 AND aggregate_id = $2 ORDER BY sequence";

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    return db.read(OF_AGGREGATE, Tuple.of(instanceId, aggregateId), rows -> PgExecutor.all(rows, Rows::event));
  }
}
