package dev.keygate.store.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;

/**
 * The store's pool, which can be swapped for a fresh one. vertx-pg-client cannot drop a pooled connection on demand
 * (closing one returns it to the pool) and checks none when it lends it, so after a failover the connections to a
 * demoted host that is still up would keep answering "read-only transaction" (25006). When the primary moves, or a
 * write meets a read-only session, a new pool takes the calls that follow and the old one is closed with its
 * connections; the calls still running on it fail as unavailable, as they would have.
 */
final class PrimaryPool {

  private final Supplier<Pool> factory;
  private volatile Pool current; // written under this, read without a lock: every call reads it
  private long renewals; // guarded by this
  private boolean closed; // guarded by this

  PrimaryPool(Supplier<Pool> factory) {
    this.factory = factory;
    this.current = factory.get();
  }

  /** A pool that never changes: one host, connected to as it is, as before high availability. */
  static PrimaryPool fixed(Pool pool) {
    return new PrimaryPool(() -> pool);
  }

  Pool get() {
    return current;
  }

  /** The pool for calls from now on is a new one; the old one is closed. Nothing once the store is closing. */
  void renew() {
    renewIf(null);
  }

  /**
   * A call on {@code source} met a read-only session: the pool is renewed if {@code source} is still the current one
   * (a late answer from a pool already replaced changes nothing).
   */
  void readOnlyAnswered(Pool source) {
    renewIf(source);
  }

  private void renewIf(Pool source) {
    Pool old;
    synchronized (this) {
      if (closed || (source != null && source != current)) {
        return;
      }
      old = current;
      Pool fresh = factory.get();
      if (fresh == old) {
        return;
      }
      current = fresh;
      renewals++;
    }
    old.close();
  }

  synchronized long renewals() {
    return renewals;
  }

  Future<Void> close() {
    Pool last;
    synchronized (this) {
      closed = true;
      last = current;
    }
    return last.close();
  }
}
