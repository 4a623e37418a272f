package dev.keygate.store.postgres;

import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the URI's hosts the store writes to, found the way libpq does with {@code target_session_attrs}, which
 * vertx-pg-client lacks: every host is asked at once, the first in the URI's order that qualifies wins. For
 * {@code read-write} a host qualifies when {@code SHOW transaction_read_only} says {@code off}, not merely when it is
 * out of recovery: pg_auto_failover keeps a node it promotes read-only until the old primary is fenced.
 *
 * <p>The answer is kept until a call suggests the primary moved ({@link #suspect}: the database shut a connection, a
 * host refused connections, a write met a read-only session), then asked again; concurrent askers share one probe,
 * and a probe that found no host is not repeated for {@link #RETRY_MS}. Whoever holds connections is told when the
 * primary is a different host than the last one found ({@link #onMoved}), to drop the connections to the old one.
 */
final class PgPrimary {

  /** Between two probes that found no host, so that an outage does not become a storm of connection attempts. */
  static final long RETRY_MS = 200;

  private static final Logger LOG = LoggerFactory.getLogger(PgPrimary.class);

  private final Vertx vertx;
  private final List<PgConnectOptions> hosts;
  private final boolean writable;
  private final long timeoutMs;
  private final List<Consumer<PgConnectOptions>> moved = new CopyOnWriteArrayList<>();
  private final AtomicLong moves = new AtomicLong();
  private final AtomicLong probes = new AtomicLong();

  private volatile PgConnectOptions known;
  private PgConnectOptions lastFound; // guarded by this: the host of the connections held now
  private Future<PgConnectOptions> probing; // guarded by this
  private Throwable lastFailure; // guarded by this
  private long lastFailureAt; // guarded by this, System.nanoTime()
  private long lostSince; // guarded by this: nanoTime when the last found primary was lost, 0 while one is known
  private long nanosWithout; // guarded by this: completed spells without a primary

  PgPrimary(Vertx vertx, List<PgConnectOptions> hosts, boolean writable, long timeoutMs) {
    this.vertx = vertx;
    this.hosts = List.copyOf(hosts);
    this.writable = writable;
    this.timeoutMs = timeoutMs;
  }

  /** The host to open connections to: the one found last, else the answer of a probe. */
  Future<PgConnectOptions> current() {
    PgConnectOptions host = known;
    return host != null ? Future.succeededFuture(host) : probe();
  }

  /** Tells {@code listener} of each new primary once it is a different host than the one before. */
  void onMoved(Consumer<PgConnectOptions> listener) {
    moved.add(listener);
  }

  /**
   * A call failed in a way that says the host may no longer be the primary: the answer is forgotten and a probe
   * starts now, so that the connections to a demoted host are dropped before the next write meets them.
   */
  void suspect(Throwable failure) {
    if (!suggestsMove(failure)) {
      return;
    }
    synchronized (this) {
      if (known != null) {
        known = null;
        lostSince = System.nanoTime();
      }
    }
    probe();
  }

  /** Connection failures, a read-only session (25006), and shutdowns of the server (57P01-57P03). */
  static boolean suggestsMove(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      return state.equals("25006") || state.startsWith("57P") || state.startsWith("08");
    }
    return !(failure instanceof StoreException);
  }

  private synchronized Future<PgConnectOptions> probe() {
    if (probing != null) {
      return probing;
    }
    if (lastFailure != null && System.nanoTime() - lastFailureAt < TimeUnit.MILLISECONDS.toNanos(RETRY_MS)) {
      return Future.failedFuture(lastFailure);
    }
    probes.incrementAndGet();
    Future<PgConnectOptions> probe = firstQualifying();
    probing = probe;
    probe.onComplete(done -> found(done.succeeded() ? done.result() : null, done.cause()));
    return probe;
  }

  private void found(PgConnectOptions host, Throwable failure) {
    boolean isMove;
    synchronized (this) {
      probing = null;
      if (host == null) {
        lastFailure = failure;
        lastFailureAt = System.nanoTime();
        if (known == null && lostSince == 0 && lastFound != null) {
          lostSince = System.nanoTime();
        }
        return;
      }
      lastFailure = null;
      isMove = lastFound != null && !same(lastFound, host);
      lastFound = host;
      known = host;
      if (lostSince != 0) {
        nanosWithout += System.nanoTime() - lostSince;
        lostSince = 0;
      }
    }
    if (isMove) {
      moves.incrementAndGet();
      LOG.warn("The PostgreSQL primary is now {}:{}; connections to the one before are dropped", host.getHost(),
          host.getPort());
      moved.forEach(listener -> listener.accept(host));
    }
  }

  /** Every host asked at once; the first in the URI's order that qualifies, once each has answered or timed out. */
  private Future<PgConnectOptions> firstQualifying() {
    List<Future<Boolean>> answers = new ArrayList<>();
    for (PgConnectOptions host : hosts) {
      answers.add(qualifies(host));
    }
    Promise<PgConnectOptions> first = Promise.promise();
    Future.join(answers).onComplete(all -> {
      List<String> why = new ArrayList<>();
      for (int i = 0; i < hosts.size(); i++) {
        Future<Boolean> answer = answers.get(i);
        PgConnectOptions host = hosts.get(i);
        if (answer.succeeded() && answer.result()) {
          first.complete(host);
          return;
        }
        why.add(host.getHost() + ":" + host.getPort() + (answer.succeeded() ? " is read-only"
            : " " + DroppedConnections.describe(answer.cause())));
      }
      first.fail(PgErrors.unavailable("no " + (writable ? "writable " : "") + "PostgreSQL host: "
          + String.join("; ", why)));
    });
    return first.future();
  }

  private Future<Boolean> qualifies(PgConnectOptions host) {
    return PgConnection.connect(vertx, host).compose(conn -> {
      Future<Boolean> answer = writable
          ? conn.query("SHOW transaction_read_only").execute()
              .map(rows -> "off".equals(rows.iterator().next().getString(0)))
          : Future.succeededFuture(true);
      return answer.eventually(conn::close);
    }).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static boolean same(PgConnectOptions one, PgConnectOptions other) {
    return one.getHost().equals(other.getHost()) && one.getPort() == other.getPort();
  }

  /** Times the primary was found on a different host than before. */
  long moves() {
    return moves.get();
  }

  /** Probes run, the first one at start included. */
  long probes() {
    return probes.get();
  }

  /** Whether a primary is known now (false from a suspicion until a probe finds one). */
  boolean known() {
    return known != null;
  }

  /** The primary's {@code host:port} while known, else what the last probe found wrong. */
  synchronized String name() {
    PgConnectOptions host = known;
    if (host != null) {
      return host.getHost() + ":" + host.getPort();
    }
    return lastFailure != null ? lastFailure.getMessage() : "being looked for";
  }

  /** Time spent without a known primary since the store opened, the current spell included. */
  synchronized long millisWithout() {
    long current = lostSince == 0 ? 0 : System.nanoTime() - lostSince;
    return TimeUnit.NANOSECONDS.toMillis(nanosWithout + current);
  }
}
