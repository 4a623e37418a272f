package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.forgetCount;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.ApiApp;
import dev.keygate.store.ApiAppStore;
import dev.keygate.store.AppKey;
import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * API apps on PostgreSQL: children of their project's aggregate, so each change locks the project (see
 * {@link PgProjectStore#lock}) and records its event with the project's next sequence. Creates, the hot write, are
 * coalesced per project by {@link PgAppCreates}; the other changes are rarer and each is one transaction of its own.
 */
record PgApiAppStore(PgExecutor db, PgProjectStore projects, PgAppCreates creates) implements ApiAppStore {

  private static final String BY_ID = """
      SELECT * FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 AND org_id = $4""";
  private static final String LOCK = """
      SELECT * FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 FOR UPDATE""";
  private static final String DELETE = """
      DELETE FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 RETURNING *""";
  private static final String SET_SECRET = """
      UPDATE api_apps SET secret_hash = $4, changed_at = $5, sequence = $6, secret_created_at = $7, \
      previous_secret_hash = $8, previous_secret_created_at = $9, previous_secret_expires_at = $10 \
      WHERE instance_id = $1 AND project_id = $2 AND id = $3""";
  private static final String TOUCH = """
      UPDATE api_apps SET changed_at = $4, sequence = $5 WHERE instance_id = $1 AND project_id = $2 AND id = $3""";
  private static final String INSERT_KEY = """
      INSERT INTO api_app_keys (id, instance_id, org_id, project_id, app_id, public_key_pem, expires_at, created_at) \
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
  private static final Listing OF_PROJECT = new Listing("SELECT * FROM api_apps",
      "instance_id = $1 AND project_id = $2", "id");
  private static final String BY_ID_IN_ORG = """
      SELECT * FROM api_apps WHERE id = $1 AND instance_id = $2 AND org_id = $3""";
  private static final Listing OF_ORG = new Listing("SELECT * FROM api_apps", "instance_id = $1 AND org_id = $2",
      "id");
  /** An organization's apps: the sum of its projects' app totals (CounterScopes.apps), no counter of its own. */
  private static final String TOTAL_OF_ORG = """
      SELECT coalesce(sum(c.n), 0)::bigint AS n FROM projects p \
      JOIN counters c ON c.instance_id = p.instance_id AND c.scope = 'apps/' || p.id \
      WHERE p.instance_id = $1 AND p.org_id = $2""";
  private static final String DELETE_KEY = """
      DELETE FROM api_app_keys WHERE id = $1 AND instance_id = $2 AND project_id = $3 AND app_id = $4 RETURNING *""";
  private static final Listing KEYS = new Listing("SELECT * FROM api_app_keys",
      "instance_id = $1 AND project_id = $2 AND app_id = $3", "id");

  @Override
  public Future<ApiApp> createApiApp(ApiApp app, Change change) {
    return creates.create(app, change);
  }

  @Override
  public Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId) {
    return db.readOne(BY_ID, Tuple.of(instanceId, projectId, appId, orgId), Rows::apiApp);
  }

  @Override
  public Future<Optional<ApiApp>> apiAppById(String instanceId, String orgId, String appId) {
    return db.readOne(BY_ID_IN_ORG, Tuple.of(appId, instanceId, orgId), Rows::apiApp);
  }

  @Override
  public Future<Page<ApiApp>> apiAppsOfOrg(String instanceId, String orgId, List<TextMatch> names, PageRequest page) {
    Narrowing search = new Narrowing(OF_ORG, instanceId, orgId).matching("name", names);
    if (search.narrowed()) {
      return db.page(search, page, Rows::apiApp);
    }
    return db.page(OF_ORG, Tuple.of(instanceId, orgId), page, Rows::apiApp, TOTAL_OF_ORG, Tuple.of(instanceId, orgId));
  }

  @Override
  public Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, List<TextMatch> names,
                                      PageRequest page) {
    return projects.project(instanceId, orgId, projectId).compose(project -> {
      if (project.isEmpty()) {
        return Future.failedFuture(StoreException.notFound(Entity.PROJECT));
      }
      Narrowing search = new Narrowing(OF_PROJECT, instanceId, projectId).matching("name", names);
      if (search.narrowed()) {
        return db.page(search, page, Rows::apiApp);
      }
      return db.page(OF_PROJECT, Tuple.of(instanceId, projectId), page, Rows::apiApp, instanceId,
          CounterScopes.apps(projectId));
    });
  }

  @Override
  public Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change) {
    return db.writeAnnouncing(Entity.API_APP, conn -> PgProjectStore.lock(conn, instanceId, orgId, projectId,
        Entity.API_APP)
        .compose(project -> run(conn, DELETE, Tuple.of(instanceId, projectId, appId))
            .compose(rows -> {
              ApiApp app = single(rows, Rows::apiApp, Entity.API_APP);
              // its keys go with it (foreign keys cascade), and with them their listing's total
              return PgProjectStore.advance(conn, project, EventTypes.APP_REMOVED, change)
                  .compose(sequence -> count(conn, instanceId, CounterScopes.apps(projectId), -1)
                      .compose(v -> forgetCount(conn, instanceId, CounterScopes.appKeys(appId)))
                      .map(v -> app.withChange(change.at(), sequence)));
            })), appId);
  }

  @Override
  public Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId,
                                        String secretHash, Instant previousExpiresAt, Change change) {
    return db.writeAnnouncing(Entity.API_APP, conn -> changeApp(conn, instanceId, orgId, projectId, appId,
        app -> previousExpiresAt != null && app.secretHash() != null ? EventTypes.APP_SECRET_ROTATED
            : EventTypes.APP_SECRET_CHANGED, change,
        (app, sequence) -> storeSecrets(conn, previousExpiresAt != null && app.secretHash() != null
            ? app.withRotatedSecret(secretHash, previousExpiresAt, change.at(), sequence)
            : app.withSecretHash(secretHash, change.at(), sequence))), appId);
  }

  @Override
  public Future<ApiApp> endApiAppSecretOverlap(String instanceId, String orgId, String projectId, String appId,
                                               Change change) {
    return db.writeAnnouncing(Entity.API_APP, conn -> changeApp(conn, instanceId, orgId, projectId, appId,
        app -> {
          if (app.previousSecret() == null || !app.previousSecret().validAt(change.at())) {
            throw StoreException.notFound(Entity.SECRET); // rolls the transaction back: nothing was changed
          }
          return EventTypes.APP_PREVIOUS_SECRET_REMOVED;
        }, change, (app, sequence) -> storeSecrets(conn, app.withoutPreviousSecret(change.at(), sequence))), appId);
  }

  /** Within a write on a locked app: stores its secrets, sequence and time of change as {@code updated} has them. */
  private static Future<ApiApp> storeSecrets(SqlConnection conn, ApiApp updated) {
    var previous = updated.previousSecret();
    return run(conn, SET_SECRET, Tuple.of(updated.instanceId(), updated.projectId(), updated.id(),
            updated.secretHash(), time(updated.changedAt()), updated.sequence())
        .addOffsetDateTime(time(updated.secrets().createdAt())).addString(previous == null ? null : previous.hash())
        .addOffsetDateTime(previous == null ? null : time(previous.createdAt()))
        .addOffsetDateTime(previous == null ? null : time(previous.expiresAt())))
        .map(v -> updated);
  }

  @Override
  public Future<ApiApp> addApiAppKey(AppKey key, Change change) {
    return db.grouped(Lanes.project(key.instanceId(), key.projectId()), Entity.API_APP,
        conn -> changeApp(conn, key.instanceId(), key.orgId(), key.projectId(),
        key.appId(), app -> EventTypes.APP_KEY_ADDED, change, (app, sequence) -> run(conn, TOUCH,
        Tuple.of(key.instanceId(),
            key.projectId(), key.appId(), time(change.at()), sequence))
            .compose(v -> run(conn, INSERT_KEY, Tuple.of(key.id(), key.instanceId(), key.orgId(), key.projectId(),
                key.appId(), key.publicKeyPem()).addOffsetDateTime(time(key.expiresAt()))
                .addOffsetDateTime(time(key.createdAt()))))
            .compose(v -> count(conn, key.instanceId(), CounterScopes.appKeys(key.appId()), 1))
            .map(v -> app.withChange(change.at(), sequence))), key.appId());
  }

  @Override
  public Future<Page<AppKey>> apiAppKeys(String instanceId, String orgId, String projectId, String appId,
                                         PageRequest page) {
    return apiApp(instanceId, orgId, projectId, appId).compose(app -> {
      if (app.isEmpty()) {
        return Future.failedFuture(StoreException.notFound(Entity.API_APP));
      }
      return db.page(KEYS, Tuple.of(instanceId, projectId, appId), page, Rows::appKey, instanceId,
          CounterScopes.appKeys(appId));
    });
  }

  @Override
  public Future<AppKey> removeApiAppKey(String instanceId, String orgId, String projectId, String appId, String keyId,
                                        Change change) {
    return db.writeAnnouncing(Entity.API_APP, conn -> changeApp(conn, instanceId, orgId, projectId, appId,
        app -> EventTypes.APP_KEY_REMOVED, change, (app, sequence) -> run(conn, DELETE_KEY,
            Tuple.of(keyId, instanceId, projectId, appId))
            .compose(rows -> {
              AppKey key = single(rows, Rows::appKey, Entity.MACHINE_KEY); // none: the transaction rolls back
              return run(conn, TOUCH, Tuple.of(instanceId, projectId, appId, time(change.at()), sequence))
                  .compose(v -> count(conn, instanceId, CounterScopes.appKeys(appId), -1))
                  .map(v -> key);
            })), appId);
  }

  /**
   * Within a write: locks the project, then the app (NOT_FOUND/API_APP when either is missing), advances the
   * project's sequence with the event {@code eventType} names for the app as it is (it may refuse the change by
   * throwing), and has {@code update} write the app at that sequence (its answer is the write's).
   */
  private static <T> Future<T> changeApp(SqlConnection conn, String instanceId, String orgId, String projectId,
                                         String appId, Function<ApiApp, String> eventType, Change change,
                                         BiFunction<ApiApp, Long, Future<T>> update) {
    return PgProjectStore.lock(conn, instanceId, orgId, projectId, Entity.API_APP)
        .compose(project -> run(conn, LOCK, Tuple.of(instanceId, projectId, appId))
            .compose(rows -> {
              ApiApp app = single(rows, Rows::apiApp, Entity.API_APP);
              return PgProjectStore.advance(conn, project, eventType.apply(app), change)
                  .compose(sequence -> update.apply(app, sequence));
            }));
  }
}
