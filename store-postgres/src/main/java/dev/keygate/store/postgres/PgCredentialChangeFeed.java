package dev.keygate.store.postgres;

import dev.keygate.store.CredentialChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Credential changes between the gateway processes sharing one database: writers {@code pg_notify} the ids whose
 * credentials changed inside their transaction (delivered at commit), and every process LISTENs on the schema's
 * channel over a connection of its own to the primary. Notifications sent while a process was not listening are
 * lost, so each (re)subscription tells the listeners {@link CredentialChangeFeed#EVERYTHING}.
 *
 * <p>When the connection ends, a new one is opened to the primary as it is then, every {@link #RETRY_MS} until one
 * listens: after a failover that is another host, and a standby would refuse LISTEN. vertx-pg-client's
 * {@code PgSubscriber} retries the one host it was given forever, which is why this class holds the connection itself.
 * Connecting and listening are bounded by the store's timeout, and a listening connection answers a {@code SELECT 1}
 * every {@link #HEARTBEAT_MS} within it, or is closed: a host that froze, or a connection a network cut half-open,
 * would otherwise keep the feed silent for good. The end of the connection is also told to {@code lost}, since the
 * one connection always open is often the first to see a failover.
 */
final class PgCredentialChangeFeed implements CredentialChangeFeed {

  /** Between attempts to listen again: changes are seen by every process within about this, plus a commit. */
  static final long RETRY_MS = 500;
  /** How often a listening connection proves it is alive. */
  static final long HEARTBEAT_MS = 5_000;

  private final Vertx vertx;
  private final Supplier<Future<PgConnectOptions>> primary;
  private final Consumer<Throwable> lost;
  private final String channel;
  private final long timeoutMs;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong subscriptions = new AtomicLong();
  private PgConnection listening; // guarded by this
  private long heartbeat = -1; // guarded by this: the timer of the listening connection
  private boolean closed; // guarded by this

  /**
   * @param primary where to listen: asked again for each subscription
   * @param lost    told when the listening connection ended or a subscription failed, with the reason
   */
  PgCredentialChangeFeed(Vertx vertx, Supplier<Future<PgConnectOptions>> primary, Consumer<Throwable> lost,
                         String schema, long timeoutMs) {
    this.vertx = vertx;
    this.primary = primary;
    this.lost = lost;
    String name = "keygate_changes_" + schema;
    this.channel = name.length() > 63 ? name.substring(0, 63) : name;
    this.timeoutMs = timeoutMs;
  }

  /** The schema's channel: writers notify it, every process sharing the schema listens on it. */
  String channel() {
    return channel;
  }

  /** Listens for the first time: fails if it cannot, so that a store that would hear nothing does not open. */
  Future<Void> listen() {
    return subscribe();
  }

  /** A connection to the primary that listens, within the timeout; one that comes too late is closed. */
  private Future<Void> subscribe() {
    Promise<PgConnection> subscribed = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, expired -> subscribed.tryFail(
        new NoStackTraceTimeoutException("the change feed could not listen within " + timeoutMs + " ms")));
    primary.get().compose(host -> PgConnection.connect(vertx, host)).compose(conn -> {
      conn.notificationHandler(notification -> {
        if (channel.equals(notification.getChannel())) {
          tellLocally(notification.getPayload().split(","));
        }
      });
      return conn.query("LISTEN \"" + channel + "\"").execute()
          .onFailure(refused -> conn.close())
          .map(listens -> conn);
    }).onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded() && !subscribed.tryComplete(done.result())) {
        done.result().close(); // too late: the subscription already failed
      } else if (done.failed()) {
        subscribed.tryFail(done.cause());
      }
    });
    return subscribed.future().compose(this::kept).onFailure(lost::accept);
  }

  private Future<Void> kept(PgConnection conn) {
    synchronized (this) {
      if (closed) {
        return conn.close();
      }
      listening = conn;
      heartbeat = vertx.setPeriodic(HEARTBEAT_MS, tick -> conn.query("SELECT 1").execute()
          .timeout(timeoutMs, TimeUnit.MILLISECONDS)
          .onFailure(silent -> conn.close()));
    }
    subscriptions.incrementAndGet();
    DroppedConnections.watch(conn, "the change feed's connection", "it listens again on the primary");
    conn.closeHandler(ended -> ended(conn));
    tellLocally(EVERYTHING); // whatever was notified while nobody here listened
    return Future.succeededFuture();
  }

  private void ended(PgConnection conn) {
    synchronized (this) {
      if (listening != conn || closed) {
        return;
      }
      listening = null;
      vertx.cancelTimer(heartbeat);
    }
    lost.accept(ClosedConnectionException.INSTANCE);
    subscribeLater();
  }

  private void subscribeLater() {
    vertx.setTimer(RETRY_MS, tick -> {
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      subscribe().onFailure(failure -> subscribeLater());
    });
  }

  /** The primary moved: the connection to the old one ends, and the feed listens on the new one. */
  void follow() {
    PgConnection conn;
    synchronized (this) {
      conn = listening;
      if (conn == null || closed) {
        return; // not listening: the next subscription asks for the primary anyway
      }
      listening = null; // its end is no news: nothing to tell lost
      vertx.cancelTimer(heartbeat);
    }
    conn.close();
    subscribeLater();
  }

  /** Subscriptions made, the first included: each one after the first is a reconnection. */
  long subscriptions() {
    return subscriptions.get();
  }

  @Override
  public void onCredentialChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Tells this process's listeners, in order, each of {@code ids}. */
  void tellLocally(String... ids) {
    for (String id : ids) {
      for (Consumer<String> listener : listeners) {
        listener.accept(id);
      }
    }
  }

  Future<Void> close() {
    PgConnection conn;
    synchronized (this) {
      closed = true;
      conn = listening;
      listening = null;
      vertx.cancelTimer(heartbeat);
    }
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
