package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.ops.MetricsVertx;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before the main port listens ({@link Warmup}, {@code KEYGATE_WARMUP}): it really drives a throwaway
 * Keygate and every request of its mix gets the answer it expects (so a change of a contract the mix uses fails here,
 * not silently at every start); the user's store stays as it was, on every store; its requests are not in the real
 * gateway's metrics; {@code off} skips it; a value it does not take fails the start naming it; and while it runs the
 * gateway is live but neither started nor ready, and its main port does not listen.
 */
@EveryStore
class WarmupTest {

  private Vertx vertx;

  @BeforeEach
  void vertx() {
    // as Main makes it: with metrics, whose registry a warm-up on this Vert.x would count its requests in
    vertx = MetricsVertx.create(true);
  }

  @AfterEach
  void close() {
    System.clearProperty(Warmup.SETTING);
    TestGateway.await(vertx.close());
  }

  @Test
  void theSettingIsOnOffOrMilliseconds() {
    assertThat(Warmup.millis(null)).isEqualTo(Warmup.DEFAULT_MS);
    assertThat(Warmup.millis("")).isEqualTo(Warmup.DEFAULT_MS);
    assertThat(Warmup.millis(" on ")).isEqualTo(Warmup.DEFAULT_MS);
    assertThat(Warmup.millis("off")).isZero();
    assertThat(Warmup.millis("0")).isZero();
    assertThat(Warmup.millis("5000")).isEqualTo(5000);
    for (String wrong : new String[] {"yes", "-1", "60001", "3s"}) {
      assertThatThrownBy(() -> Warmup.millis(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("KEYGATE_WARMUP").hasMessageContaining(wrong);
    }
  }

  @Test
  void theWarmupDrivesAThrowawayAndLeavesTheStoreAndTheMetricsAlone() {
    KeygateConfig config = config(0, 0);
    KeygateStore store = TestGateway.await(StoreFactory.create(vertx, config));
    AtomicReference<Warmup.Report> report = new AtomicReference<>();
    Vertx own = Vertx.vertx(); // made here, off any Vert.x context, as Warmup.before makes it
    Keygate gateway = TestGateway.await(Keygate.start(vertx, config, store, Clock.systemUTC(),
        () -> Warmup.run(vertx, own, config, 1_000).onSuccess(report::set)));
    try {
      assertThat(report.get().requests()).as("requests answered as expected").isPositive();
      assertThat(report.get().unexpected()).as("unexpected answers, the first: %s", report.get().firstUnexpected())
          .isZero();
      assertThat(TestGateway.await(store.instances().instances(PageRequest.first(10))).items())
          .as("instances in the user's store").isEmpty();
      String metrics = new Http(gateway.managementPort()).get("/metrics", null).body();
      assertThat(metrics).contains("keygate_build_info");
      for (String line : metrics.split("\n")) {
        boolean counted = line.startsWith("keygate_http_server_requests_seconds_count")
            || line.startsWith("keygate_token_grants_total") || line.startsWith("keygate_token_introspections_total");
        if (counted) {
          assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).as(line).isZero();
        }
      }
    } finally {
      TestGateway.await(gateway.stop());
    }
  }

  @Test
  void offSkipsIt() {
    System.setProperty(Warmup.SETTING, "off");
    long started = System.nanoTime();
    Object report = TestGateway.await(Warmup.before(vertx, config(0, 0)).get());
    assertThat(report).isEqualTo(Warmup.Report.SKIPPED);
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(500);
  }

  @Test
  void aValueItDoesNotTakeFailsTheStartNamingIt() {
    System.setProperty(Warmup.SETTING, "sometimes");
    KeygateConfig config = config(0, 0);
    Future<Keygate> start = Keygate.start(vertx, config, Warmup.before(vertx, config));
    assertThatThrownBy(() -> TestGateway.await(start)).hasMessageContaining("KEYGATE_WARMUP must be on, off or");
  }

  @Test
  void whileItRunsTheGatewayIsLiveButNotReadyAndItsPortIsClosed() throws IOException {
    int port = freePort();
    int management = freePort();
    KeygateConfig config = config(port, management);
    Promise<Void> warmup = Promise.promise();
    AtomicReference<Boolean> asked = new AtomicReference<>(false);
    Supplier<Future<?>> hook = () -> {
      asked.set(true);
      return warmup.future();
    };
    Future<Keygate> start = Keygate.start(vertx, config, hook);
    Http health = new Http(management);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!asked.get() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(asked.get()).as("the warm-up began").isTrue();

    assertThat(health.get("/health/live", null).status()).isEqualTo(200);
    Response started = health.get("/health/started", null);
    assertThat(started.status()).as(started.body()).isEqualTo(503);
    Response ready = health.get("/health/ready", null);
    assertThat(ready.status()).as(ready.body()).isEqualTo(503);
    assertThat(ready.body()).contains("starting");
    assertThat(listening(port)).as("the main port listens").isFalse();
    assertThat(start.isComplete()).isFalse();

    warmup.complete();
    Keygate gateway = TestGateway.await(start);
    try {
      assertThat(health.get("/health/ready", null).status()).isEqualTo(200);
      assertThat(health.get("/health/started", null).status()).isEqualTo(200);
      assertThat(new Http(port).get("/healthz", null).status()).isEqualTo(200);
    } finally {
      TestGateway.await(gateway.stop());
    }
  }

  /** The run's store, on 127.0.0.1 at these ports (0: any free one). */
  private static KeygateConfig config(int port, int management) {
    return new KeygateConfig(KeygateConfig.defaults().mergeIn(TestStore.configuration())
        .put(KeygateConfig.HTTP_HOST, "127.0.0.1").put(KeygateConfig.HTTP_PORT, port)
        .put(KeygateConfig.MANAGEMENT_HOST, "127.0.0.1").put(KeygateConfig.MANAGEMENT_PORT, management)
        .put(KeygateConfig.SYSTEM_TOKEN, TestGateway.SYSTEM_TOKEN).put(KeygateConfig.VERTICLE_INSTANCES, 2));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
