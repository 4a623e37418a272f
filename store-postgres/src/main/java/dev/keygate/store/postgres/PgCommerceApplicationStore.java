package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CommerceApplicationStore;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Oracle Commerce application IDs on PostgreSQL: each its own aggregate, counted per organization and per type. Only
 * the id of the application's key is kept.
 */
record PgCommerceApplicationStore(PgExecutor db) implements CommerceApplicationStore {

  private static final String INSERT = """
      INSERT INTO commerce_applications (id, instance_id, org_id, name, type, lifetime_days, key_id, \
      key_expires_at, created_by_id, created_by_first_name, created_by_last_name, created_at, changed_at, sequence) \
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1)""";
  private static final String BY_ID = """
      SELECT * FROM commerce_applications WHERE id = $1 AND instance_id = $2 AND org_id = $3""";
  private static final String LOCK = BY_ID + " FOR UPDATE";
  private static final String RENAME = """
      UPDATE commerce_applications SET name = $2, lifetime_days = $3, changed_at = $4, sequence = $5 WHERE id = $1""";
  private static final String SET_KEY = """
      UPDATE commerce_applications SET key_id = $2, key_expires_at = $3, lifetime_days = $4, changed_at = $5, \
      sequence = $6, previous_key_id = $7, previous_key_expires_at = $8 WHERE id = $1""";
  private static final String DELETE = """
      DELETE FROM commerce_applications WHERE id = $1""";
  private static final Listing OF_ORG = new Listing("SELECT * FROM commerce_applications",
      "instance_id = $1 AND org_id = $2", "id");
  private static final Listing OF_ORG_AND_TYPE = new Listing("SELECT * FROM commerce_applications",
      "instance_id = $1 AND org_id = $2 AND type = $3", "id");

  @Override
  public Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change) {
    CommerceApplication a = application.withChange(change.at(), 1);
    return db.grouped(Lanes.org(a.instanceId(), a.orgId()), Entity.ORGANIZATION,
        conn -> lockInstance(conn, a.instanceId())
        .compose(v -> run(conn, INSERT, Tuple.of(a.id(), a.instanceId(), a.orgId(), a.name(), a.type(),
            a.lifetimeDays()).addString(a.keyId()).addOffsetDateTime(time(a.keyExpiresAt())).addString(a.createdById())
            .addString(a.createdByFirstName()).addString(a.createdByLastName()).addOffsetDateTime(time(change.at()))))
        .compose(v -> count(conn, a.instanceId(), CounterScopes.commerce(a.orgId(), null), 1))
        .compose(v -> count(conn, a.instanceId(), CounterScopes.commerce(a.orgId(), a.type()), 1))
        .compose(v -> append(conn, a.instanceId(), Aggregate.COMMERCE_APPLICATION, a.id(), 1,
            EventTypes.COMMERCE_APPLICATION_ADDED, change))
        .map(v -> a));
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id) {
    return db.readOne(BY_ID, Tuple.of(id, instanceId, orgId), Rows::commerceApplication);
  }

  @Override
  public Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                                PageRequest page) {
    return type == null
        ? db.page(OF_ORG, Tuple.of(instanceId, orgId), page, Rows::commerceApplication, instanceId,
            CounterScopes.commerce(orgId, null))
        : db.page(OF_ORG_AND_TYPE, Tuple.of(instanceId, orgId, type), page, Rows::commerceApplication, instanceId,
            CounterScopes.commerce(orgId, type));
  }

  @Override
  public Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id, String name,
                                                               Integer lifetimeDays, Change change) {
    return db.write(Entity.COMMERCE_APP, conn -> change(conn, instanceId, orgId, id,
        EventTypes.COMMERCE_APPLICATION_CHANGED, change, application -> {
          CommerceApplication updated = application.withName(name, lifetimeDays, change.at(),
              application.sequence() + 1);
          return run(conn, RENAME, Tuple.of(id, name, lifetimeDays, time(change.at()), updated.sequence()))
              .map(v -> updated);
        }));
  }

  @Override
  public Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id,
                                                               String keyId, Instant keyExpiresAt,
                                                               Integer lifetimeDays, Instant previousKeyExpiresAt,
                                                               Change change) {
    return db.writeAnnouncing(Entity.COMMERCE_APP, conn -> change(conn, instanceId, orgId, id,
        application -> previousKeyExpiresAt != null && application.keyId() != null
            ? EventTypes.COMMERCE_APPLICATION_KEY_ROTATED : EventTypes.COMMERCE_APPLICATION_KEY_CHANGED, change,
        application -> {
          CommerceApplication updated = application.withKey(keyId, keyExpiresAt, lifetimeDays, previousKeyExpiresAt,
              change.at(), application.sequence() + 1);
          return run(conn, SET_KEY, Tuple.of(id, keyId, time(keyExpiresAt), lifetimeDays, time(change.at()),
              updated.sequence()).addString(updated.previousKeyId())
              .addOffsetDateTime(time(updated.previousKeyExpiresAt()))).map(v -> updated);
        }), id);
  }

  @Override
  public Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id,
                                                               Change change) {
    return db.writeAnnouncing(Entity.COMMERCE_APP, conn -> change(conn, instanceId, orgId, id,
        EventTypes.COMMERCE_APPLICATION_REMOVED, change, application -> run(conn, DELETE, Tuple.of(id))
            .compose(v -> count(conn, instanceId, CounterScopes.commerce(orgId, null), -1))
            .compose(v -> count(conn, instanceId, CounterScopes.commerce(orgId, application.type()), -1))
            .map(v -> application.withChange(change.at(), application.sequence() + 1))), id);
  }

  /**
   * Within a write: locks the application of that org (NOT_FOUND/COMMERCE_APP when there is none), has {@code write}
   * store its new state, and records {@code eventType} with the application's next sequence.
   */
  private static Future<CommerceApplication> change(SqlConnection conn, String instanceId, String orgId, String id,
                                                    String eventType, Change change,
                                                    Function<CommerceApplication, Future<CommerceApplication>> write) {
    return change(conn, instanceId, orgId, id, application -> eventType, change, write);
  }

  /** As above, the event's type chosen for the application as it was before the change. */
  private static Future<CommerceApplication> change(SqlConnection conn, String instanceId, String orgId, String id,
                                                    Function<CommerceApplication, String> eventType, Change change,
                                                    Function<CommerceApplication, Future<CommerceApplication>> write) {
    return lockInstance(conn, instanceId)
        .compose(v -> run(conn, LOCK, Tuple.of(id, instanceId, orgId)))
        .map(rows -> single(rows, Rows::commerceApplication, Entity.COMMERCE_APP))
        .compose(application -> write.apply(application)
            .compose(updated -> append(conn, instanceId, Aggregate.COMMERCE_APPLICATION, id,
                application.sequence() + 1, eventType.apply(application), change).map(v -> updated)));
  }
}
