package dev.keygate.store.postgres;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the URI's hosts the store writes to, found the way libpq does with {@code target_session_attrs}, which
 * vertx-pg-client lacks: every host is asked at once, and the first in the URI's order that qualifies wins as soon as
 * every host before it has said no (a host that does not answer delays only the hosts after it). For
 * {@code read-write} a host qualifies when {@code SHOW transaction_read_only} says {@code off}, not merely when it is
 * out of recovery: pg_auto_failover keeps a node it promotes read-only until the old primary is fenced.
 *
 * <p>The answer is kept until something suggests the primary moved ({@link #suspect}: the server ended or refused a
 * connection, a write met a read-only session, the change feed lost its connection), then asked again; concurrent
 * askers share one probe, a suspicion during a probe starts another once it ends (its answer may predate the move),
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
  private boolean suspectedWhileProbing; // guarded by this
  private boolean closed; // guarded by this
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
   * starts now, so that the connections to a demoted host are dropped before the next write meets them. Other
   * failures (a timeout under load, a full pool, a statement's own error) change nothing.
   */
  void suspect(Throwable failure) {
    if (!suggestsMove(failure)) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      if (known != null) {
        known = null;
        lostSince = System.nanoTime();
      }
      if (probing != null) {
        suspectedWhileProbing = true;
        return;
      }
    }
    probe();
  }

  /**
   * What a vanished, restarted or demoted primary answers: connection exceptions (08), shutdowns (57P01-57P03), a
   * read-only session (25006), a connection closed or refused.
   */
  static boolean suggestsMove(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      return state.equals("25006") || state.startsWith("57P") || state.startsWith("08");
    }
    return failure instanceof ClosedConnectionException || failure instanceof IOException;
  }

  private Future<PgConnectOptions> probe() {
    Promise<PgConnectOptions> started;
    synchronized (this) {
      if (probing != null) {
        return probing;
      }
      if (lastFailure != null && System.nanoTime() - lastFailureAt < TimeUnit.MILLISECONDS.toNanos(RETRY_MS)) {
        return Future.failedFuture(lastFailure);
      }
      started = Promise.promise();
      probing = started.future();
    }
    probes.incrementAndGet();
    Future<PgConnectOptions> probe = started.future();
    probe.onComplete(done -> found(done.succeeded() ? done.result() : null, done.cause()));
    firstQualifying().onComplete(started);
    return probe;
  }

  private void found(PgConnectOptions host, Throwable failure) {
    boolean isMove = false;
    boolean again;
    synchronized (this) {
      probing = null;
      again = suspectedWhileProbing && !closed;
      suspectedWhileProbing = false;
      if (host == null) {
        lastFailure = failure;
        lastFailureAt = System.nanoTime();
        if (known == null && lostSince == 0 && lastFound != null) {
          lostSince = System.nanoTime();
        }
      } else if (!again) {
        lastFailure = null;
        isMove = lastFound != null && !same(lastFound, host) && !closed;
        lastFound = host;
        known = host;
        if (lostSince != 0) {
          nanosWithout += System.nanoTime() - lostSince;
          lostSince = 0;
        }
      }
    }
    if (again) {
      probe(); // the answer may predate what was suspected meanwhile
      return;
    }
    if (isMove) {
      moves.incrementAndGet();
      LOG.warn("The PostgreSQL primary is now {}:{}; connections to the one before are dropped", host.getHost(),
          host.getPort());
      moved.forEach(listener -> listener.accept(host));
    }
  }

  /** The first host in the URI's order that qualifies, once every host before it has answered. */
  private Future<PgConnectOptions> firstQualifying() {
    List<Future<Boolean>> answers = new ArrayList<>();
    for (PgConnectOptions host : hosts) {
      answers.add(qualifies(host));
    }
    Promise<PgConnectOptions> first = Promise.promise();
    for (Future<Boolean> answer : answers) {
      answer.onComplete(done -> decide(answers, first));
    }
    return first.future();
  }

  private void decide(List<Future<Boolean>> answers, Promise<PgConnectOptions> first) {
    List<String> why = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      Future<Boolean> answer = answers.get(i);
      PgConnectOptions host = hosts.get(i);
      if (!answer.isComplete()) {
        return; // a host before the others is still to answer
      }
      if (answer.succeeded() && answer.result()) {
        first.tryComplete(host);
        return;
      }
      why.add(host.getHost() + ":" + host.getPort() + (answer.succeeded() ? " is read-only"
          : " " + DroppedConnections.describe(answer.cause())));
    }
    first.tryFail(PgErrors.unavailable("no " + (writable ? "writable " : "") + "PostgreSQL host: "
        + String.join("; ", why)));
  }

  /**
   * Whether {@code host} qualifies, within the timeout; the probe's connection is closed whatever happens, also when
   * it opens after the timeout or its question is never answered.
   */
  private Future<Boolean> qualifies(PgConnectOptions host) {
    Promise<Boolean> answer = Promise.promise();
    AtomicReference<PgConnection> opened = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMs, expired -> {
      if (answer.tryFail(new NoStackTraceTimeoutException("no answer within " + timeoutMs + " ms"))) {
        PgConnection conn = opened.get();
        if (conn != null) {
          conn.close();
        }
      }
    });
    PgConnection.connect(vertx, host).onComplete(connected -> {
      if (connected.failed()) {
        answer.tryFail(connected.cause());
        return;
      }
      PgConnection conn = connected.result();
      opened.set(conn);
      if (answer.future().isComplete()) {
        conn.close(); // too late
        return;
      }
      Future<Boolean> check = writable
          ? conn.query("SHOW transaction_read_only").execute()
              .map(rows -> "off".equals(rows.iterator().next().getString(0)))
          : Future.succeededFuture(true);
      check.onComplete(checked -> {
        conn.close();
        if (checked.succeeded()) {
          answer.tryComplete(checked.result());
        } else {
          answer.tryFail(checked.cause());
        }
      });
    });
    return answer.future().andThen(done -> vertx.cancelTimer(timer));
  }

  private static boolean same(PgConnectOptions one, PgConnectOptions other) {
    return one.getHost().equals(other.getHost()) && one.getPort() == other.getPort();
  }

  /** No more moves are told after this: the store is closing. */
  synchronized void close() {
    closed = true;
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
