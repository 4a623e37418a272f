package dev.keygate.store.postgres;

import dev.keygate.store.CredentialChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 */
final class PgCredentialChangeFeed implements CredentialChangeFeed {

  /** Between attempts to listen again: changes are seen by every process within about this, plus a commit. */
  static final long RETRY_MS = 500;

  private final Vertx vertx;
  private final Supplier<Future<PgConnectOptions>> primary;
  private final String channel;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong subscriptions = new AtomicLong();
  private PgConnection listening; // guarded by this
  private boolean closed; // guarded by this

  PgCredentialChangeFeed(Vertx vertx, Supplier<Future<PgConnectOptions>> primary, String schema) {
    this.vertx = vertx;
    this.primary = primary;
    String name = "keygate_changes_" + schema;
    this.channel = name.length() > 63 ? name.substring(0, 63) : name;
  }

  /** The schema's channel: writers notify it, every process sharing the schema listens on it. */
  String channel() {
    return channel;
  }

  /** Listens for the first time: fails if it cannot, so that a store that would hear nothing does not open. */
  Future<Void> listen() {
    return subscribe();
  }

  private Future<Void> subscribe() {
    return primary.get().compose(host -> PgConnection.connect(vertx, host)).compose(conn -> {
      conn.notificationHandler(notification -> {
        if (channel.equals(notification.getChannel())) {
          tellLocally(notification.getPayload().split(","));
        }
      });
      return conn.query("LISTEN \"" + channel + "\"").execute()
          .onFailure(refused -> conn.close())
          .compose(listens -> kept(conn));
    });
  }

  private Future<Void> kept(PgConnection conn) {
    synchronized (this) {
      if (closed) {
        return conn.close();
      }
      listening = conn;
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
    }
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
    }
    if (conn != null) {
      conn.close();
    }
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
    }
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
