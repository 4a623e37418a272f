package dev.keygate.store.postgres;

import dev.keygate.store.ComposedStore;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreException;
import dev.keygate.store.StorePrimary;
import dev.keygate.store.StoreUsage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    PgHosts hosts;
    List<PgConnectOptions> connects = new ArrayList<>();
    try {
      PgTls tls = PgTls.of(options);
      hosts = PgHosts.of(tls.uri());
      for (String uri : hosts.uris()) {
        PgConnectOptions connect = PgConnectOptions.fromUri(uri);
        tls.applyTo(connect);
        connects.add(connect.setCachePreparedStatements(true)
            .setReconnectAttempts(0)
            .addProperty("search_path", options.schema())
            .addProperty("application_name", "keygate"));
      }
    } catch (PgTls.Refused | PgHosts.Refused e) {
      return Future.failedFuture(new IllegalArgumentException(e.getMessage()));
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("not a PostgreSQL URI: " + options.redactedUri()));
    }
    return hosts.follows() ? following(vertx, options, connects, hosts.attrs())
        : fixed(vertx, options, connects.get(0));
  }

  /** One host, connected to as it is (directly, or through whatever keeps that address on the primary). */
  private static Future<KeygateStore> fixed(Vertx vertx, PostgresStoreOptions options, PgConnectOptions connect) {
    PrimaryPool pools = PrimaryPool.fixed(pool(options).connectingTo(connect).using(vertx).build());
    PgCredentialChangeFeed changes = new PgCredentialChangeFeed(vertx, () -> Future.succeededFuture(connect),
        lost -> {}, options.schema(), options.timeoutMs());
    return opened(options, pools, changes, new PgExecutor(pools, options.timeoutMs(), changes, failure -> {}, null),
        null);
  }

  /** Several hosts, or one to check: writes go to the primary {@link PgPrimary} finds, and follow it when it moves. */
  private static Future<KeygateStore> following(Vertx vertx, PostgresStoreOptions options,
                                                List<PgConnectOptions> connects, PgHosts.SessionAttrs attrs) {
    PgPrimary primary = new PgPrimary(vertx, connects, attrs == PgHosts.SessionAttrs.READ_WRITE,
        options.timeoutMs());
    Supplier<Future<SqlConnectOptions>> target = () -> primary.current().map(host -> host);
    PrimaryPool pools = new PrimaryPool(() -> pool(options).connectingTo(target).using(vertx).build());
    // the feed's connection is the one that is always open: its end is often the first sign of a failover
    PgCredentialChangeFeed changes = new PgCredentialChangeFeed(vertx, primary::current, primary::suspect,
        options.schema(), options.timeoutMs());
    primary.onMoved(host -> {
      pools.renew();
      changes.follow();
    });
    // reads while the primary is gone: any host that takes a connection, through a small pool of their own
    PgPrimary anyHost = new PgPrimary(vertx, connects, false, options.timeoutMs());
    Supplier<Future<SqlConnectOptions>> reachable = () -> anyHost.current().map(host -> host);
    StandbyReads standby = new StandbyReads(anyHost, () -> pool(options.withPoolSize(Math.min(2, options.poolSize())),
        "keygate-" + options.schema() + "-standby").connectingTo(reachable).using(vertx).build());
    PgExecutor db = new PgExecutor(pools, options.timeoutMs(), changes, primary::suspect, standby);
    return opened(options, pools, changes, db, primary);
  }

  private static Future<KeygateStore> opened(PostgresStoreOptions options, PrimaryPool pools,
                                             PgCredentialChangeFeed changes, PgExecutor db, PgPrimary primary) {
    return SchemaMigrations.bundled().apply(pools.get(), options.schema())
        .compose(applied -> changes.listen())
        .map(listening -> areas(db, changes, pools, primary))
        .recover(failure -> Future.join(stopFollowing(primary), pools.close(), changes.close(), db.closeStandby())
            .transform(closed -> Future.failedFuture(failure instanceof SchemaMigrations.MigrationException ? failure
                : new IllegalStateException("cannot open the PostgreSQL store at " + options.redactedUri() + ": "
                    + failure.getMessage(), failure))));
  }

  /**
   * A pool whose waits for a connection are bounded by the store's timeout, like its calls, and whose connections
   * are renewed now and then: a connection to a host that vanished without a word (a partition, a frozen server)
   * ends at the latest with its lifetime.
   */
  private static ClientBuilder<Pool> pool(PostgresStoreOptions options) {
    return pool(options, "keygate-" + options.schema());
  }

  /** The same, named {@code name} in the pool metrics. */
  private static ClientBuilder<Pool> pool(PostgresStoreOptions options, String name) {
    NetClientOptions network = new NetClientOptions()
        .setConnectTimeout((int) Math.min(options.timeoutMs(), Integer.MAX_VALUE))
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true);
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(options.poolSize())
        .setConnectionTimeout((int) Math.min(options.timeoutMs(), Integer.MAX_VALUE))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES)
        .setMaxLifetime(30).setMaxLifetimeUnit(TimeUnit.MINUTES)
        .setName(name)
        .setShared(false);
    return PgBuilder.pool().with(poolOptions).with(network);
  }

  /** No more moves are acted on: a probe ending after the store closed must not open a new pool. */
  private static Future<Void> stopFollowing(PgPrimary primary) {
    if (primary != null) {
      primary.close();
    }
    return Future.succeededFuture();
  }

  private static KeygateStore areas(PgExecutor db, PgCredentialChangeFeed changes, PrimaryPool pools,
                                    PgPrimary primary) {
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
        primary == null ? StorePrimary.FIXED : new FollowedPrimary(primary, changes),
        readiness::check,
        () -> Future.join(stopFollowing(primary), changes.close(), pools.close(), db.closeStandby()).mapEmpty());
  }
}
