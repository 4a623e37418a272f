package dev.keygate.store.postgres;

import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The readiness check of the PostgreSQL store: one round trip, bounded by the store's timeout like every call, that
 * also says whether the schema is the one this build expects. A database another process migrated further is still
 * refused at start (SchemaMigrations); here "current" means every migration of this build is applied, so a schema
 * someone rolled back, or a table dropped under a running gateway, makes the gateway not ready instead of failing
 * calls.
 */
final class PgReadiness {

  private static final String APPLIED = "SELECT count(*) AS applied, coalesce(max(version), 0) AS latest "
      + "FROM keygate_migrations WHERE version <= $1";

  private final PgExecutor db;
  private final int expectedCount;
  private final int expectedLatest;

  PgReadiness(PgExecutor db, SchemaMigrations migrations) {
    this.db = db;
    this.expectedCount = migrations.migrations().size();
    this.expectedLatest = migrations.migrations().stream().mapToInt(SchemaMigrations.Migration::version).max()
        .orElse(0);
  }

  Future<Void> check() {
    return db.read(APPLIED, Tuple.of(expectedLatest), rows -> rows.iterator().next())
        .compose(this::current);
  }

  private Future<Void> current(Row row) {
    long applied = row.getLong("applied");
    if (applied == expectedCount) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(StoreException.precondition(null,
        "schema not current: " + applied + " of this build's " + expectedCount + " migrations applied (latest V"
            + row.getInteger("latest") + ", expected V" + expectedLatest + ")"));
  }
}
