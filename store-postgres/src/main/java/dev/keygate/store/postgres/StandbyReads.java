package dev.keygate.store.postgres;

import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads that keep answering while there is no primary: a read the primary could not answer because it is gone
 * (refused or dropped connections, a shutdown, a session now read-only: what a failover looks like) is asked again of
 * any host of the URI that takes a connection, usually the standby about to be promoted. Never otherwise: a standby
 * replays the primary's changes a little later, and a read from it that a cache kept after the change's notification
 * had passed would serve the old value until the next change. During an outage no write commits, and once the change
 * feed listens on the new primary it tells every cache to forget everything ({@link PgCredentialChangeFeed}).
 *
 * <p>With synchronous replication a standby holds every acknowledged commit; it may not have applied the last few
 * milliseconds of them when the primary vanished, so a read in the outage may miss a write answered just before it.
 */
final class StandbyReads {

  private final PgPrimary anyHost;
  private final Supplier<Pool> factory;
  private Pool pool; // guarded by this: made at the first read that needs it, as most processes never do
  private boolean closed; // guarded by this

  StandbyReads(PgPrimary anyHost, Supplier<Pool> factory) {
    this.anyHost = anyHost;
    this.factory = factory;
  }

  private synchronized Pool pool() {
    if (pool == null && !closed) {
      pool = factory.get();
    }
    return pool;
  }

  /**
   * {@code onPrimary}, or, if it failed because the primary is gone, the same statement on any host;
   * {@code primaryFailed} hears the primary's failure first, as it would have had the read not been asked again.
   */
  Future<RowSet<Row>> read(Supplier<Future<RowSet<Row>>> onPrimary, String sql, Tuple params,
                           Consumer<Throwable> primaryFailed) {
    return onPrimary.get().recover(failure -> {
      primaryFailed.accept(failure);
      Pool standby = primaryGone(failure) ? pool() : null;
      return standby != null ? standby.preparedQuery(sql).execute(params).onFailure(anyHost::suspect)
          : Future.failedFuture(failure);
    });
  }

  /**
   * What a vanished or demoted primary answers ({@link PgPrimary#suggestsMove}), and what the pool answers while no
   * host takes writes; not a timeout, a full pool or an error of the statement itself.
   */
  static boolean primaryGone(Throwable failure) {
    return PgPrimary.suggestsMove(failure)
        || failure instanceof StoreException store && store.kind() == StoreException.Kind.UNAVAILABLE;
  }

  Future<Void> close() {
    Pool made;
    synchronized (this) {
      closed = true;
      made = pool;
    }
    anyHost.close();
    return made == null ? Future.succeededFuture() : made.close();
  }
}
