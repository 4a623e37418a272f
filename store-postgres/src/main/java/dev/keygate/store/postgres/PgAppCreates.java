package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreException.Kind;
import dev.keygate.store.postgres.AggregateBatcher.Member;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
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
 * <p>A create that finds its project idle runs alone as one statement; creates that arrive meanwhile go together,
 * again as one statement ({@link #BATCH}). Either is one round trip and its own transaction, so the project's row is
 * locked for one round trip and one commit only: when a batch took three round trips and a commit, the gateway's busy
 * event loops made each round trip wait its turn, and the lock, held all that while, was what the project's creates
 * queued on. A name taken or repeated within the batch fails that create alone; a missing instance or project fails
 * them all, as it would one by one. Anything else that fails the statement rolls it all back, and then each create
 * runs alone so that only the one at fault fails.
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
   * The creates of a batch (one array per column, names unique within the batch) in one statement. The project's row
   * is locked by its update, which moves its sequence past the batch; the apps are numbered in the batch's order from
   * the sequence it had and get their events (in that order, so that their positions in the log follow it) and the
   * listing total. {@code found} is 0 when the instance or the project is not there. A name already taken makes its
   * insert do nothing, which would leave a gap in the numbers: then the division by zero fails the statement, which
   * commits nothing, and {@link #together} leaves the taken names out and tries once more. Looking names up first in
   * the same statement would spare that, but a lookup is planned from the table's statistics: without them (a fresh
   * database, its first minute) PostgreSQL chose an index that read every app of the project for each name (a batch
   * of 30 took 57 ms on 16,000 apps). The insert's conflict check always probes the unique index.
   */
  private static final String BATCH = """
      WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), \
      a AS (SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], \
      $10::text[]) WITH ORDINALITY AS a(id, name, client_id, auth_method, secret_hash, at, actor, place)), \
      project AS (UPDATE projects p SET sequence = p.sequence + $12, changed_at = $13 FROM instance \
      WHERE p.instance_id = $1 AND p.id = $3 AND p.org_id = $2 RETURNING p.sequence - $12 AS base), \
      app AS (INSERT INTO api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, secret_hash, \
      created_at, changed_at, sequence) \
      SELECT $1, $2, $3, a.id, a.name, a.client_id, a.auth_method, a.secret_hash, a.at, a.at, project.base + a.place \
      FROM a, project ON CONFLICT (instance_id, project_id, name) DO NOTHING RETURNING id, name, sequence), \
      event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      SELECT $1, $3, app.sequence, '%s', '%s', a.at, a.actor FROM app JOIN a USING (id) ORDER BY app.sequence), \
      total AS (INSERT INTO counters (instance_id, scope, n) SELECT $1, $11, count(*) FROM app HAVING count(*) > 0 \
      ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + EXCLUDED.n), \
      checked AS (SELECT (SELECT count(*) FROM project) AS found, 1 / (CASE WHEN NOT EXISTS (SELECT 1 FROM project) \
      OR (SELECT count(*) FROM app) = $12 THEN 1 ELSE 0 END) AS whole) \
      SELECT checked.found, checked.whole, app.name, app.sequence FROM checked LEFT JOIN app ON true"""
      .formatted(Aggregate.PROJECT, EventTypes.APP_ADDED);
  /** Which of the names are taken in the project. */
  private static final String TAKEN = """
      SELECT name FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND name = ANY($3::text[])""";
  /** What the division by zero in {@link #BATCH} reports: some name was taken. */
  private static final String NAME_TAKEN = "22012";

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
    return together(batch)
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

  /**
   * The batch as one statement: the outcome of each create, in the batch's order. The first create of each name is
   * tried; a name repeated within the batch fails where it repeats. When a name turned out taken, the taken ones are
   * read and the others tried once more; a name taken again in between (by another process) fails the batch, and
   * then each create runs alone.
   */
  private Future<List<Future<ApiApp>>> together(List<Member<Create, ApiApp>> batch) {
    List<Integer> tried = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      if (names.add(batch.get(i).write().app().name())) {
        tried.add(i);
      }
    }
    return insert(batch, tried).recover(failure -> {
      if (!(failure instanceof PgException pg && NAME_TAKEN.equals(pg.getSqlState()))) {
        return Future.failedFuture(failure);
      }
      ApiApp first = batch.get(0).write().app();
      // on the primary, as the insert that follows: a standby may not have the name yet
      return db.statement(TAKEN, Tuple.of(first.instanceId(), first.projectId(), names.toArray(String[]::new)),
          null, rows -> {
            Set<String> taken = new HashSet<>();
            rows.forEach(row -> taken.add(row.getString("name")));
            return Future.succeededFuture(taken);
          })
          .compose(taken -> insert(batch, tried.stream()
              .filter(i -> !taken.contains(batch.get(i).write().app().name())).toList()));
    });
  }

  /** Inserts the creates {@code tried} (of unique names); every other create of the batch fails as a taken name. */
  private Future<List<Future<ApiApp>>> insert(List<Member<Create, ApiApp>> batch, List<Integer> tried) {
    List<Future<ApiApp>> outcomes = new ArrayList<>(Collections.nCopies(batch.size(),
        Future.failedFuture(StoreException.alreadyExists(Entity.API_APP_NAME))));
    if (tried.isEmpty()) {
      return Future.succeededFuture(outcomes);
    }
    ApiApp first = batch.get(0).write().app();
    List<Tuple> rows = new ArrayList<>(tried.size());
    for (int i : tried) {
      Create create = batch.get(i).write();
      ApiApp app = create.app();
      rows.add(Tuple.of(app.id(), app.name(), app.clientId(), app.authMethod().name(), app.secretHash(),
          time(create.change().at())).addString(create.change().actorId()));
    }
    Tuple params = PgExecutor.columns(Tuple.of(first.instanceId(), first.orgId(), first.projectId()), rows,
        String[]::new, String[]::new, String[]::new, String[]::new, String[]::new, OffsetDateTime[]::new,
        String[]::new).addString(CounterScopes.apps(first.projectId())).addLong((long) tried.size())
        .addOffsetDateTime(time(batch.get(tried.get(tried.size() - 1)).write().change().at()));
    return db.statement(BATCH, params, Entity.API_APP_NAME, returned -> {
      if (returned.iterator().next().getLong("found") == 0) {
        return db.missing(first.instanceId(), Entity.PROJECT);
      }
      Map<String, Long> numbered = new HashMap<>(); // the inserted apps' names and sequences
      returned.forEach(row -> numbered.put(row.getString("name"), row.getLong("sequence")));
      for (int i : tried) {
        outcomes.set(i, Future.succeededFuture(stored(batch.get(i).write(),
            numbered.get(batch.get(i).write().app().name()))));
      }
      return Future.succeededFuture(outcomes);
    });
  }

  /** The app as the create stores it: created and changed at the change's time, with its sequence. */
  private static ApiApp stored(Create create, long sequence) {
    ApiApp app = create.app();
    Instant at = create.change().at();
    return new ApiApp(app.instanceId(), app.orgId(), app.projectId(), app.id(), app.name(), app.clientId(),
        app.authMethod(), app.secretHash(), at, at, sequence);
  }
}
