package dev.keygate.store.postgres;

import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeoutException;
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
  private final Pool pool;

  StandbyReads(PgPrimary anyHost, Pool pool) {
    this.anyHost = anyHost;
    this.pool = pool;
  }

  /** {@code onPrimary}, or, if it failed because the primary is gone, the same statement on any host. */
  Future<RowSet<Row>> read(Supplier<Future<RowSet<Row>>> onPrimary, String sql, Tuple params) {
    return onPrimary.get().recover(failure -> primaryGone(failure)
        ? pool.preparedQuery(sql).execute(params).onFailure(anyHost::suspect)
        : Future.failedFuture(failure));
  }

  /**
   * What a vanished or demoted primary answers, and what a pool answers while no host takes writes; not a timeout,
   * which has used the call's time already, nor an error of the statement itself.
   */
  static boolean primaryGone(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      return state.equals("25006") || state.startsWith("57P") || state.startsWith("08");
    }
    if (failure instanceof StoreException store) {
      return store.kind() == StoreException.Kind.UNAVAILABLE; // no host takes writes now (PgPrimary)
    }
    return !(failure instanceof TimeoutException) && !(failure instanceof ClassCastException)
        && !(failure instanceof IllegalArgumentException);
  }

  Future<Void> close() {
    return pool.close();
  }
}
