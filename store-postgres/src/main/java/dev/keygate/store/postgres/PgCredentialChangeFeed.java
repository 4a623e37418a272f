package dev.keygate.store.postgres;

import dev.keygate.store.CredentialChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Credential changes between the gateway processes sharing one database: writers {@code pg_notify} the ids whose
 * credentials changed inside their transaction (delivered at commit), and every process LISTENs on the schema's
 * channel through vertx-pg-client's {@link PgSubscriber}, which reconnects by itself. Notifications sent while a
 * process was disconnected are lost, so each (re)subscription tells the listeners
 * {@link CredentialChangeFeed#EVERYTHING}.
 */
final class PgCredentialChangeFeed implements CredentialChangeFeed {

  private final PgSubscriber subscriber;
  private final String channel;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  PgCredentialChangeFeed(Vertx vertx, PgConnectOptions connect, String schema) {
    String name = "keygate_changes_" + schema;
    this.channel = name.length() > 63 ? name.substring(0, 63) : name;
    this.subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(connect))
        .reconnectPolicy((Integer retries) -> 500L); // retry every half second, for as long as it takes
    subscriber.channel(channel)
        .handler(payload -> tellLocally(payload.split(",")))
        .subscribeHandler(subscribed -> {
          // each (re)connection is a new connection, watched from its first subscription on
          DroppedConnections.watch(subscriber.actualConnection(), "the change feed's connection",
              "it reconnects by itself");
          tellLocally(EVERYTHING);
        });
  }

  /** The schema's channel: writers notify it, every process sharing the schema listens on it. */
  String channel() {
    return channel;
  }

  Future<Void> listen() {
    return subscriber.connect();
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
    return subscriber.close();
  }
}
