package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.appendAll;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.runBatch;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreException.Kind;
import dev.keygate.store.postgres.AggregateBatcher.Member;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates of API apps, coalesced per project (see {@link AggregateBatcher}): the hottest write, since every app is a
 * child of its project's aggregate and so every create of a project queues on the project's row and its sequence.
 *
 * <p>A create that finds its project idle runs alone as one statement (one round trip, its own commit). Creates that
 * arrive meanwhile go together in one transaction of three round trips after BEGIN: (1) the instance and the project
 * are locked and, in the same round trip, the apps are inserted with one statement (unnest) that skips a name already
 * taken (the unique constraint decides, under the project's lock); (2) each inserted app's event with the next
 * sequence in the batch's order, the listing total and the project's new sequence, again one round trip; (3) the
 * commit. A name taken or repeated within the batch fails that create alone; a missing instance or project fails them
 * all, as it would one by one. Anything else that fails the transaction rolls it all back, and then each create runs
 * alone so that only the one at fault fails.
 */
final class PgAppCreates implements AggregateBatcher.Runner<PgAppCreates.Create, ApiApp> {

  record Create(ApiApp app, Change change) {}

  /**
   * One statement, so one round trip and its own transaction: the project row is updated first (which queues
   * concurrent writers of the project's aggregate), then the app, its event and the listing total are written from
   * the new sequence. A duplicate name fails the whole statement on the unique constraint. No row means the instance
   * or the project is not there; only then does a second query say which.
   */
  private static final String CREATE = """
      WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), \
      project AS (UPDATE projects p SET sequence = p.sequence + 1, changed_at = $7 FROM instance \
      WHERE p.instance_id = $1 AND p.id = $2 AND p.org_id = $3 RETURNING p.sequence), \
      app AS (INSERT INTO api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, secret_hash, \
      created_at, changed_at, sequence) SELECT $1, $3, $2, $4, $5, $6, $8, $9, $7, $7, sequence FROM project \
      RETURNING sequence), \
      event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      SELECT $1, $2, sequence, '%s', '%s', $7, $10 FROM app), \
      total AS (INSERT INTO counters (instance_id, scope, n) SELECT $1, $11, 1 FROM app \
      ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + 1) \
      SELECT sequence FROM app""".formatted(Aggregate.PROJECT, EventTypes.APP_ADDED);
  /**
   * The apps of a batch in one statement (one array per column), each numbered optimistically from the locked
   * project's sequence by its place among the batch's names; a name already taken inserts nothing, so no row comes
   * back for it.
   */
  private static final String INSERT = """
      INSERT INTO api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, secret_hash, \
      created_at, changed_at, sequence) \
      SELECT $1, $2, $3, a.id, a.name, a.client_id, a.auth_method, a.secret_hash, a.at, a.at, p.sequence + a.place \
      FROM projects p, unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) \
      WITH ORDINALITY AS a(id, name, client_id, auth_method, secret_hash, at, place) \
      WHERE p.instance_id = $1 AND p.id = $3 AND p.org_id = $2 \
      ON CONFLICT (instance_id, project_id, name) DO NOTHING RETURNING name, sequence""";
  /** The apps after a skipped one move up, so the project's sequence stays gap-free. */
  private static final String RENUMBER = """
      UPDATE api_apps SET sequence = $4 WHERE instance_id = $1 AND project_id = $2 AND id = $3""";

  private final PgExecutor db;
  private final AggregateBatcher<Create, ApiApp> lanes;

  PgAppCreates(PgExecutor db) {
    this.db = db;
    this.lanes = db.batcher(this);
  }

  Future<ApiApp> create(ApiApp app, Change change) {
    // the org is part of the lane: a create naming the project under another org must fail on its own
    return db.batched(lanes, List.of(app.instanceId(), app.projectId(), app.orgId()), new Create(app, change),
        Entity.API_APP_NAME);
  }

  @Override
  public Future<?> apply(List<Member<Create, ApiApp>> batch) {
    if (batch.size() == 1) {
      return alone(batch.get(0));
    }
    return db.write(Entity.API_APP_NAME, conn -> together(conn, batch))
        .transform(done -> AggregateBatcher.settle(batch, done, PgAppCreates::concernsAll, this::alone));
  }

  /** The database away, or the instance or project missing: every create of the batch would fail the same way. */
  private static boolean concernsAll(Throwable failure) {
    return failure instanceof StoreException e && (e.kind() == Kind.UNAVAILABLE
        || e.is(Kind.NOT_FOUND, Entity.INSTANCE) || e.is(Kind.NOT_FOUND, Entity.PROJECT));
  }

  private Future<ApiApp> alone(Member<Create, ApiApp> member) {
    ApiApp app = member.write().app();
    Change change = member.write().change();
    Tuple params = Tuple.of(app.instanceId(), app.projectId(), app.orgId(), app.id(), app.name(), app.clientId())
        .addOffsetDateTime(time(change.at())).addString(app.authMethod().name()).addString(app.secretHash())
        .addString(change.actorId()).addString(CounterScopes.apps(app.projectId()));
    return db.statement(CREATE, params, Entity.API_APP_NAME, rows -> rows.size() == 0
        ? db.missing(app.instanceId(), Entity.PROJECT)
        : Future.succeededFuture(stored(member.write(), rows.iterator().next().getLong("sequence"))))
        .onComplete(member::answer);
  }

  /** Within the batch's transaction: the outcome of each create, in the batch's order. */
  private static Future<List<Future<ApiApp>>> together(SqlConnection conn, List<Member<Create, ApiApp>> batch) {
    ApiApp first = batch.get(0).write().app();
    // the first create of each name is tried; a name repeated within the batch fails where it repeats
    List<Integer> tried = new ArrayList<>();
    List<Tuple> rows = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      ApiApp app = batch.get(i).write().app();
      if (names.add(app.name())) {
        tried.add(i);
        rows.add(Tuple.of(app.id(), app.name(), app.clientId(), app.authMethod().name(), app.secretHash(),
            time(batch.get(i).write().change().at())));
      }
    }
    Future<Project> locked = PgProjectStore.lock(conn, first.instanceId(), first.orgId(), first.projectId(),
        Entity.PROJECT);
    // sent after the lock, in the same round trip: the server runs it once the project is ours, so the constraint
    // sees every name committed before, by this process or another
    Tuple apps = PgExecutor.columns(Tuple.of(first.instanceId(), first.orgId(), first.projectId()), rows,
        String[]::new, String[]::new, String[]::new, String[]::new, String[]::new, OffsetDateTime[]::new);
    Future<RowSet<Row>> inserted = PgExecutor.run(conn, INSERT, apps);
    return locked.compose(project -> inserted.compose(returned -> record(conn, project, batch, tried, returned)));
  }

  /**
   * Numbers the apps that were inserted in the batch's order (renumbering those after a skipped one), records their
   * events, the listing total and the project's sequence; answers the outcome of each create.
   */
  private static Future<List<Future<ApiApp>>> record(SqlConnection conn, Project project,
                                                     List<Member<Create, ApiApp>> batch, List<Integer> tried,
                                                     RowSet<Row> returned) {
    List<Future<ApiApp>> outcomes = new ArrayList<>(Collections.nCopies(batch.size(),
        Future.failedFuture(StoreException.alreadyExists(Entity.API_APP_NAME))));
    List<Tuple> renumbered = new ArrayList<>();
    List<Tuple> events = new ArrayList<>();
    long sequence = project.sequence();
    Instant last = null;
    Map<String, Long> numbered = new HashMap<>(); // the inserted apps' names (unique in the batch) and sequences
    returned.forEach(row -> numbered.put(row.getString("name"), row.getLong("sequence")));
    for (int i : tried) {
      Long optimistic = numbered.get(batch.get(i).write().app().name());
      if (optimistic != null) {
        Create create = batch.get(i).write();
        ApiApp app = stored(create, ++sequence);
        if (optimistic != sequence) {
          renumbered.add(Tuple.of(app.instanceId(), app.projectId(), app.id(), sequence));
        }
        events.add(PgExecutor.event(app.instanceId(), Aggregate.PROJECT, app.projectId(), sequence,
            EventTypes.APP_ADDED, create.change()));
        outcomes.set(i, Future.succeededFuture(app));
        last = create.change().at();
      }
    }
    if (events.isEmpty()) {
      return Future.succeededFuture(outcomes);
    }
    // sent at once, one round trip: any renumbering, the events, the listing total, the project's sequence
    return Future.all(renumbered.isEmpty() ? Future.succeededFuture() : runBatch(conn, RENUMBER, renumbered),
            appendAll(conn, events), count(conn, project.instanceId(), CounterScopes.apps(project.id()), events.size()),
            PgProjectStore.moveTo(conn, project, sequence, last))
        .map(all -> outcomes);
  }

  /** The app as the create stores it: created and changed at the change's time, with its sequence. */
  private static ApiApp stored(Create create, long sequence) {
    ApiApp app = create.app();
    Instant at = create.change().at();
    return new ApiApp(app.instanceId(), app.orgId(), app.projectId(), app.id(), app.name(), app.clientId(),
        app.authMethod(), app.secretHash(), at, at, sequence);
  }
}
