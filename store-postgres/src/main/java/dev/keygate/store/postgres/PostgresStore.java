package dev.keygate.store.postgres;

import dev.keygate.store.ComposedStore;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreUsage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * The store on PostgreSQL, put together: one class per area ({@code Pg*Store}, {@link PgCredentialLookup},
 * {@link PgCredentialChangeFeed}) over one {@link PgExecutor}. Each write is one transaction holding the object, its
 * aggregate's new sequence and its event; the database's keys and constraints, not this code, are what keep names
 * unique and sequences gap-free when several gateway processes share the database. Locks are always taken aggregate
 * first (instance, then project or user or ecosystem, then child rows), so concurrent writers queue instead of
 * deadlocking. The hot writes of one aggregate (API app creates on a project, Droplit client creates on an
 * ecosystem, machine-secret sets on a user) are coalesced within this process into one transaction for many
 * ({@link AggregateBatcher}): one row lock and one commit serve them all, while each still gets its own event,
 * sequence and outcome; the other writes that queue on one row share commits through {@link GroupedWrites}.
 *
 * <p>Every call is bounded by {@link PostgresStoreOptions#timeoutMs()}: while the database is away, calls fail fast
 * with {@link StoreException.Kind#UNAVAILABLE}, and the pool opens new connections by itself once it is back.
 */
public final class PostgresStore {

  private PostgresStore() {}

  /** Connects, brings the schema up to date (or refuses to start on one that does not match) and returns the store. */
  public static Future<KeygateStore> open(Vertx vertx, PostgresStoreOptions options) {
    PgConnectOptions connect;
    PgTls tls;
    try {
      tls = PgTls.of(options);
      connect = PgConnectOptions.fromUri(tls.uri());
    } catch (PgTls.Refused e) {
      return Future.failedFuture(new IllegalArgumentException(e.getMessage()));
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("not a PostgreSQL URI: " + options.redactedUri()));
    }
    tls.applyTo(connect);
    connect.setCachePreparedStatements(true)
        .setReconnectAttempts(0)
        .addProperty("search_path", options.schema())
        .addProperty("application_name", "keygate");
    Pool pool = pool(vertx, connect, options);
    PgCredentialChangeFeed changes = new PgCredentialChangeFeed(vertx, connect, options.schema());
    return SchemaMigrations.bundled().apply(pool, options.schema())
        .compose(applied -> changes.listen())
        .map(listening -> areas(new PgExecutor(pool, options.timeoutMs(), changes), changes, pool))
        .recover(failure -> Future.join(pool.close(), changes.close()).transform(closed -> Future.failedFuture(
            failure instanceof SchemaMigrations.MigrationException ? failure
                : new IllegalStateException("cannot open the PostgreSQL store at " + options.redactedUri() + ": "
                    + failure.getMessage(), failure))));
  }

  /** A pool whose waits for a connection are bounded by the store's timeout, like its calls. */
  private static Pool pool(Vertx vertx, PgConnectOptions connect, PostgresStoreOptions options) {
    NetClientOptions network = new NetClientOptions()
        .setConnectTimeout((int) Math.min(options.timeoutMs(), Integer.MAX_VALUE))
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true);
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(options.poolSize())
        .setConnectionTimeout((int) Math.min(options.timeoutMs(), Integer.MAX_VALUE))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setName("keygate-" + options.schema())
        .setShared(false);
    return PgBuilder.pool().with(poolOptions).with(network).connectingTo(connect).using(vertx).build();
  }

  private static KeygateStore areas(PgExecutor db, PgCredentialChangeFeed changes, Pool pool) {
    PgProjectStore projects = new PgProjectStore(db);
    PgReadiness readiness = new PgReadiness(db, SchemaMigrations.bundled());
    return new ComposedStore(
        new PgServerKeyStore(db),
        new PgInstanceStore(db),
        new PgUserStore(db, new PgMachineSecrets(db)),
        projects,
        new PgApiAppStore(db, projects, new PgAppCreates(db)),
        new PgEcosystemStore(db),
        new PgEcosystemClientStore(db, new PgClientCreates(db)),
        new PgCommerceApplicationStore(db),
        new PgCredentialLookup(db),
        new PgRevocationStore(db),
        changes,
        new PgEventStore(db),
        new PgCredentialUsage(db),
        new PgIdempotencyStore(db),
        StoreUsage.UNBOUNDED,
        readiness::check,
        () -> Future.join(changes.close(), pool.close()).mapEmpty());
  }
}
