package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.VerboseLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second gateway on a host where the port is taken (another gateway, another program) must say which port and which
 * setting, so that the operator knows what to change. Store-independent: it runs on the memory store.
 */
@SingleStore
class PortInUseTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    TestGateway.await(vertx.close());
  }

  @Test
  void aTakenMainPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Throwable failure = startFailure(new JsonObject().put(KeygateConfig.HTTP_PORT, taken.getLocalPort()));

      assertThat(failure.getMessage()).contains(":" + taken.getLocalPort(), "KEYGATE_HTTP_PORT")
          .containsIgnoringCase("address already in use");
    }
  }

  @Test
  void aTakenManagementPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Throwable failure = startFailure(new JsonObject().put(KeygateConfig.MANAGEMENT_PORT, taken.getLocalPort()));

      assertThat(failure.getMessage()).contains(":" + taken.getLocalPort(), "KEYGATE_MANAGEMENT_PORT")
          .containsIgnoringCase("address already in use");
    }
  }

  /**
   * A failed start may not leave key loads running on worker threads: closing Vert.x right after the failure (what
   * Main does) would make them complete on a terminated event loop, which Vert.x logs as an ERROR with a stack trace.
   * A few starts, since without the fix such a task outlives the failure only most of the time.
   */
  @Test
  void aFailedStartLeavesNoWorkBehindForTheClose() throws Exception {
    try (VerboseLog log = new VerboseLog();
         ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 5; i++) {
        Vertx own = Vertx.vertx();
        startFailure(own, new JsonObject().put(KeygateConfig.MANAGEMENT_PORT, taken.getLocalPort()));
        TestGateway.await(own.close());
      }
      assertThat(log.events()).as("log events at ERROR").noneMatch(event -> event.getLevel() == Level.ERROR);
    }
  }

  private Throwable startFailure(JsonObject ports) throws Exception {
    return startFailure(vertx, ports);
  }

  private static Throwable startFailure(Vertx vertx, JsonObject ports) throws Exception {
    KeygateConfig config = new KeygateConfig(KeygateConfig.defaults()
        .put(KeygateConfig.STORE, "memory")
        .put(KeygateConfig.HTTP_HOST, "127.0.0.1").put(KeygateConfig.HTTP_PORT, 0)
        .put(KeygateConfig.MANAGEMENT_HOST, "127.0.0.1").put(KeygateConfig.MANAGEMENT_PORT, 0)
        .put(KeygateConfig.VERTICLE_INSTANCES, 1)
        .mergeIn(ports));
    Future<Keygate> started = Keygate.start(vertx, config);
    try {
      started.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    TestGateway.await(started.result().stop());
    throw new AssertionError("the gateway started on a port that is taken");
  }
}
