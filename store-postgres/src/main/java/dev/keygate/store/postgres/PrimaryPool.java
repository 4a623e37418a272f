package dev.keygate.store.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The store's pool, which can be swapped for a fresh one. vertx-pg-client cannot drop a pooled connection on demand
 * (closing one returns it to the pool) and checks none when it lends it, so after a failover the connections to a
 * demoted host that is still up would keep answering "read-only transaction" (25006). When the primary moves, or a
 * write meets a read-only session, a new pool takes the calls that follow and the old one is closed with its
 * connections; the calls still running on it fail as unavailable, as they would have.
 */
final class PrimaryPool {

  /** A pool at least this old before a read-only answer replaces it: the calls it was lent to answer at once. */
  private static final long MIN_AGE_MS = 1_000;

  private final Supplier<Pool> factory;
  private volatile Pool current;
  private long createdAt; // guarded by this, System.nanoTime()
  private long renewals; // guarded by this

  PrimaryPool(Supplier<Pool> factory) {
    this.factory = factory;
    this.current = factory.get();
    this.createdAt = System.nanoTime();
  }

  /** A pool that never changes: one host, connected to as it is, as before high availability. */
  static PrimaryPool fixed(Pool pool) {
    return new PrimaryPool(() -> pool);
  }

  Pool get() {
    return current;
  }

  /** The pool for calls from now on is a new one; the old one is closed. */
  void renew() {
    Pool old;
    synchronized (this) {
      old = current;
      Pool fresh = factory.get();
      if (fresh == old) {
        return;
      }
      current = fresh;
      createdAt = System.nanoTime();
      renewals++;
    }
    old.close();
  }

  /** A write met a read-only session: the pool is renewed unless it is so new that it cannot be the cause. */
  void readOnlyAnswered() {
    synchronized (this) {
      if (System.nanoTime() - createdAt < TimeUnit.MILLISECONDS.toNanos(MIN_AGE_MS)) {
        return;
      }
    }
    renew();
  }

  synchronized long renewals() {
    return renewals;
  }

  Future<Void> close() {
    return current.close();
  }
}
