package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.appendAll;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.event;
import static dev.keygate.store.postgres.PgExecutor.forgetCount;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemStore;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Lookup;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Droplit ecosystems on PostgreSQL: each its own aggregate; a removal leaves a tombstone and takes its clients along.
 */
record PgEcosystemStore(PgExecutor db) implements EcosystemStore {

  private static final String INSERT = """
      INSERT INTO ecosystems (id, instance_id, meta_json, domain, created_at, changed_at, sequence) \
      VALUES ($1, $2, $3, $4, $5, $5, 1)""";
  private static final String UPDATE = IssuedRows.ECOSYSTEMS.liveUpdate("meta_json = $3, domain = $4, changed_at = $5");
  private static final String REMOVE_CLIENTS = """
      UPDATE clients SET removed_at = $2, changed_at = $2, sequence = sequence + 1 \
      WHERE ecosystem_id = $1 AND removed_at IS NULL RETURNING id, sequence""";
  private static final String DELETE_CLIENT_TOKENS = """
      DELETE FROM client_tokens t USING clients c WHERE t.client_id = c.id AND c.ecosystem_id = $1""";
  private static final Listing LIVE = new Listing("SELECT * FROM ecosystems", "instance_id = $1 AND removed_at IS NULL",
      "id");

  @Override
  public Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change) {
    Ecosystem stored = new Ecosystem(ecosystem.instanceId(), ecosystem.id(), ecosystem.metaJson(), ecosystem.domain(),
        change.at(), change.at(), null, 1);
    return db.grouped(Lanes.instance(ecosystem.instanceId()), Entity.ECOSYSTEM,
        conn -> lockInstance(conn, ecosystem.instanceId())
        .compose(v -> IssuedRows.ECOSYSTEMS.issue(conn, ecosystem.id(), ecosystem.instanceId()))
        .compose(v -> run(conn, INSERT, Tuple.of(stored.id(), stored.instanceId(), stored.metaJson(), stored.domain(),
            time(change.at()))))
        .compose(v -> count(conn, stored.instanceId(), CounterScopes.ECOSYSTEMS, 1))
        .compose(v -> append(conn, stored.instanceId(), Aggregate.ECOSYSTEM, stored.id(), 1,
            EventTypes.ECOSYSTEM_ADDED, change))
        .map(v -> stored));
  }

  @Override
  public Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId) {
    return IssuedRows.ECOSYSTEMS.lookup(db, instanceId, ecosystemId);
  }

  @Override
  public Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page) {
    return db.page(LIVE, Tuple.of(instanceId), page, Rows::ecosystem, instanceId, CounterScopes.ECOSYSTEMS);
  }

  @Override
  public Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                           Change change) {
    return IssuedRows.ECOSYSTEMS.change(db, instanceId, ecosystemId, UPDATE, Tuple.of(ecosystemId, instanceId,
        metaJson, domain, time(change.at())), EventTypes.ECOSYSTEM_CHANGED, change);
  }

  @Override
  public Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change) {
    return IssuedRows.ECOSYSTEMS.remove(db, instanceId, ecosystemId, EventTypes.ECOSYSTEM_REMOVED, change,
        (conn, tombstone) -> removeClients(conn, instanceId, ecosystemId, change).map(v -> tombstone));
  }

  /**
   * Within the ecosystem's removal: its live clients become tombstones too, each with its event; their tokens die
   * with them, and the listing totals follow.
   */
  private static Future<Void> removeClients(SqlConnection conn, String instanceId, String ecosystemId,
                                            Change change) {
    return run(conn, REMOVE_CLIENTS, Tuple.of(ecosystemId, time(change.at())))
        .compose(clients -> {
          List<Tuple> events = new ArrayList<>();
          clients.forEach(row -> events.add(event(instanceId, Aggregate.CLIENT, row.getString("id"),
              row.getLong("sequence"), EventTypes.CLIENT_REMOVED, change)));
          return appendAll(conn, events);
        })
        .compose(v -> run(conn, DELETE_CLIENT_TOKENS, Tuple.of(ecosystemId)))
        .compose(v -> count(conn, instanceId, CounterScopes.ECOSYSTEMS, -1))
        .compose(v -> forgetCount(conn, instanceId, CounterScopes.clients(ecosystemId)));
  }
}
