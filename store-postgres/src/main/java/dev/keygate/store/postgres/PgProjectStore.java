package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.forgetCount;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.ProjectStore;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Projects on PostgreSQL. A project is an aggregate whose sequence its API apps' changes advance too, so the project
 * row is what every such change locks first (after the instance).
 */
record PgProjectStore(PgExecutor db) implements ProjectStore {

  private static final String INSERT = """
      INSERT INTO projects (instance_id, org_id, id, name, project_role_assertion, project_role_check, \
      has_project_check, created_at, changed_at, sequence) \
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)""";
  private static final String BY_ID = """
      SELECT * FROM projects WHERE instance_id = $1 AND id = $2 AND org_id = $3""";
  private static final String LOCK = BY_ID + " FOR UPDATE";
  private static final String ADVANCE = """
      UPDATE projects SET sequence = $3, changed_at = $4 WHERE instance_id = $1 AND id = $2""";
  private static final String DELETE = """
      DELETE FROM projects WHERE instance_id = $1 AND id = $2""";
  /** The key totals of the project's apps (CounterScopes.appKeys), which go with the apps. */
  private static final String FORGET_APP_KEY_COUNTS = """
      DELETE FROM counters WHERE instance_id = $1 \
      AND scope IN (SELECT 'app-keys/' || id FROM api_apps WHERE instance_id = $1 AND project_id = $2)""";
  private static final Listing OF_ORG = new Listing("SELECT * FROM projects", "instance_id = $1 AND org_id = $2", "id");

  @Override
  public Future<Project> createProject(Project project, Change change) {
    Project stored = project.withChange(change.at(), 1);
    return db.grouped(Lanes.org(project.instanceId(), project.orgId()), Entity.ORGANIZATION,
        conn -> lockInstance(conn, project.instanceId())
        .compose(v -> run(conn, INSERT, Tuple.of(project.instanceId(), project.orgId(), project.id(), project.name(),
            project.projectRoleAssertion(), project.projectRoleCheck()).addBoolean(project.hasProjectCheck())
            .addOffsetDateTime(time(project.createdAt())).addOffsetDateTime(time(change.at()))))
        .compose(v -> count(conn, project.instanceId(), CounterScopes.projects(project.orgId()), 1))
        .compose(v -> append(conn, project.instanceId(), Aggregate.PROJECT, project.id(), 1, EventTypes.PROJECT_ADDED,
            change))
        .map(v -> stored));
  }

  @Override
  public Future<Optional<Project>> project(String instanceId, String orgId, String projectId) {
    return db.readOne(BY_ID, Tuple.of(instanceId, projectId, orgId), Rows::project);
  }

  @Override
  public Future<Page<Project>> projects(String instanceId, String orgId, List<TextMatch> names, PageRequest page) {
    Narrowing search = new Narrowing(OF_ORG, instanceId, orgId).matching("name", names);
    if (search.narrowed()) {
      return db.page(search, page, Rows::project);
    }
    return db.page(OF_ORG, Tuple.of(instanceId, orgId), page, Rows::project, instanceId,
        CounterScopes.projects(orgId));
  }

  @Override
  public Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change) {
    return db.writeAnnouncing(Entity.PROJECT, conn -> lock(conn, instanceId, orgId, projectId, Entity.PROJECT)
        .compose(project -> {
          long sequence = project.sequence() + 1;
          return run(conn, FORGET_APP_KEY_COUNTS, Tuple.of(instanceId, projectId))
              .compose(v -> run(conn, DELETE, Tuple.of(instanceId, projectId)))
              .compose(v -> count(conn, instanceId, CounterScopes.projects(orgId), -1))
              .compose(v -> forgetCount(conn, instanceId, CounterScopes.apps(projectId)))
              .compose(v -> append(conn, instanceId, Aggregate.PROJECT, projectId, sequence,
                  EventTypes.PROJECT_REMOVED, change))
              .map(v -> project.withChange(change.at(), sequence));
        }), projectId);
  }

  /**
   * The project of that org, locked: every change of the project aggregate (its apps included) queues here. Fails
   * NOT_FOUND of {@code missing} when there is none.
   */
  static Future<Project> lock(SqlConnection conn, String instanceId, String orgId, String projectId, Entity missing) {
    // both statements are sent at once, before this returns, and the server runs them in order (instance first): a
    // statement the caller sends next runs once the project is locked
    Future<Void> instance = lockInstance(conn, instanceId);
    Future<RowSet<Row>> project = run(conn, LOCK, Tuple.of(instanceId, projectId, orgId));
    return instance.compose(v -> project).map(rows -> single(rows, Rows::project, missing));
  }

  /** Within a write on a locked project: advances its sequence and records {@code eventType}; answers the new one. */
  static Future<Long> advance(SqlConnection conn, Project project, String eventType, Change change) {
    long sequence = project.sequence() + 1;
    return moveTo(conn, project, sequence, change.at())
        .compose(v -> append(conn, project.instanceId(), Aggregate.PROJECT, project.id(), sequence, eventType, change))
        .map(v -> sequence);
  }

  /** Within a write on a locked project: sets its sequence (its events are the caller's) and when it changed. */
  static Future<Void> moveTo(SqlConnection conn, Project project, long sequence, Instant at) {
    return run(conn, ADVANCE, Tuple.of(project.instanceId(), project.id(), sequence, time(at))).mapEmpty();
  }
}
