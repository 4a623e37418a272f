package dev.keygate.gateway.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.store.postgres.testing.AutoFailoverCluster;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two gateways on a pg_auto_failover cluster (a monitor, a primary and its synchronous standby, on loopback) through
 * three switches of the primary in a row: a planned failover, a crash of the primary, and a planned failover again,
 * under a load of creates and token grants through both gateways, with a psql writer on the same multi-host URI as
 * the engine's control. Neither gateway is restarted. It picks its database itself, so the build runs it once.
 *
 * <p>What must hold: every create acknowledged is there afterwards; every request that failed failed as 503 within
 * the store's timeout and a margin, never a 500 or a hang; each gateway writes again within a second of the control;
 * a secret replaced at one gateway after a switch is refused at the other; no ERROR line is logged. What it measured
 * (outages, reads and tokens answered during them) is printed for README.
 */
@SingleStore
class FailoverTest {

  private static final long STORE_TIMEOUT_MS = 2_000;
  /** A failed request answers within the store's timeout plus this (a connection wait, the answer's own work). */
  private static final long MARGIN_MS = 1_500;
  private static final long PACE_MS = 25;
  private static final Duration SETTLE = Duration.ofSeconds(120);

  @Test
  void threeSwitchesOfThePrimaryUnderLoadLoseNothingAcknowledgedAndNeedNoRestart() throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    try (AutoFailoverCluster cluster = AutoFailoverCluster.start(Path.of("target", "failover").toAbsolutePath())) {
      cluster.psql(cluster.uri("postgres"), "CREATE TABLE control (id bigserial PRIMARY KEY, at timestamptz)");
      JsonObject database = new JsonObject().put(KeygateConfig.STORE, "postgres")
          .put(KeygateConfig.PG_URI, cluster.uri("postgres"))
          .put(KeygateConfig.PG_SCHEMA, TestPostgres.newSchemaName())
          .put(KeygateConfig.PG_POOL_SIZE, 4)
          .put(KeygateConfig.PG_TIMEOUT_MS, STORE_TIMEOUT_MS)
          .put(KeygateConfig.MASTER_KEY, TestGateway.MASTER_KEY);
      try (TestGateway first = TestGateway.start(null, database.copy());
           TestGateway second = TestGateway.start(null, database.copy())) {
        Tenants.Tenant tenant = first.tenants().create("failover");
        String projectId = first.tenants().project(tenant, "p");
        String readAppId = first.tenants().apiApp(tenant, projectId, "read-me").getString("appId");
        Map<String, String> tokenClient = machineSecret(first, tenant, first.tenants().machineUser(tenant, "load"));
        String rotated = first.tenants().machineUser(tenant, "rotated");

        logged.start();
        root.addAppender(logged);
        Load load = new Load();
        load.run("control", () -> control(cluster));
        for (TestGateway gateway : List.of(first, second)) {
          String via = gateway == first ? "first" : "second";
          load.run("create via " + via, () -> create(gateway, tenant, projectId));
          load.run("token via " + via, () -> gateway.http().form("/oauth/v2/token", tokenClient,
              Map.of("grant_type", "client_credentials", "scope", "openid")));
          load.run("read via " + via, () -> gateway.http().get("/management/v1/projects/" + projectId + "/apps/"
              + readAppId, tenant.pat()));
        }

        List<Switch> switches = new ArrayList<>();
        for (String kind : List.of("planned", "crash", "planned again")) {
          Map<String, String> before = machineSecret(first, tenant, rotated);
          assertThat(token(second, before)).as("the secret works at the other gateway").isEqualTo(200);
          long injected = System.nanoTime();
          if (kind.equals("crash")) {
            AutoFailoverCluster.Node crashed = cluster.crashPrimary();
            // no primary: its own check says so, while ready stays up as long as reads are answered
            awaitStatus(first, "/health/primary", 503);
            assertThat(first.management().get("/health/ready", null).status()).as("ready without a primary")
                .isEqualTo(200);
            awaitWritesAfter(load, injected);
            assertThat(first.management().get("/health/primary", null).status()).isEqualTo(200);
            cluster.restart(crashed);
          } else {
            cluster.performFailover();
          }
          awaitWritesAfter(load, injected);
          // replaced at the first gateway once it writes again: the second must refuse the old secret
          Map<String, String> after = retried(() -> first.http().put("/management/v1/users/" + rotated + "/secret",
              tenant.pat(), new JsonObject()));
          assertThat(after).isNotNull();
          assertRefusedWithinASecond(second, before);
          cluster.awaitPrimaryAndSecondary(SETTLE);
          switches.add(new Switch(kind, injected, System.nanoTime()));
        }
        load.stop();
        root.detachAppender(logged);

        for (Switch done : switches) {
          Window control = load.window("control", done);
          System.out.printf(Locale.ROOT, "failover %s: control writes resumed after %d ms%n", done.kind,
              control.outageMs());
          for (String series : load.names()) {
            Window window = load.window(series, done);
            System.out.printf(Locale.ROOT, "  %-18s %4d of %4d answered, outage %5d ms%n", series, window.ok,
                window.total, window.outageMs());
            if (series.startsWith("token") || series.startsWith("read")) {
              // grants and reads need no primary: credentials and apps are in the gateways' caches, and what is not
              // is read from the standby
              assertThat(window.ok).as(series + " answered during " + done.kind).isGreaterThanOrEqualTo(
                  window.total * 9 / 10);
            }
            if (series.startsWith("create")) {
              assertThat(window.resumedAt - control.resumedAt).as(series + " resumed within 1 s of the control, "
                  + done.kind).isLessThan(TimeUnit.SECONDS.toNanos(1));
            }
          }
        }
        assertEveryFailureA503InTime(load);
        assertEveryAcknowledgedCreateIsThere(load, first, tenant, projectId);
        assertThat(first.management().get("/health/primary", null).json().getJsonArray("checks").getJsonObject(0)
            .getJsonObject("data").getLong("failovers")).as("failovers seen by the first gateway").isEqualTo(3);
        assertThat(first.management().get("/metrics", null).body()).contains("keygate_store_failovers_total 3.0")
            .contains("keygate_store_primary_known 1.0").containsPattern("keygate_store_reconnects_total [1-9]");
        assertThat(logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
            .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())).as("ERROR lines").isEmpty();
      }
    } finally {
      root.detachAppender(logged);
    }
  }

  /** One create with a name of its own and an Idempotency-Key; the app's id is the outcome's detail. */
  private static Outcome create(TestGateway gateway, Tenants.Tenant tenant, String projectId) {
    String name = "app-" + System.nanoTime();
    Response response = gateway.http().send("POST", "/management/v1/projects/" + projectId + "/apps/api",
        Map.of("authorization", "Bearer " + tenant.pat(), "idempotency-key", name),
        new JsonObject().put("name", name).encode(), "application/json");
    return new Outcome(response.status(), response.status() == 200 ? response.json().getString("appId") : null);
  }

  private static Outcome control(AutoFailoverCluster cluster) {
    try {
      cluster.psql(cluster.uri("postgres"), "INSERT INTO control (at) VALUES (now())");
      return new Outcome(200, null);
    } catch (IllegalStateException refused) {
      return new Outcome(503, null);
    }
  }

  private static Map<String, String> machineSecret(TestGateway gateway, Tenants.Tenant tenant, String userId) {
    Map<String, String> secret = retried(() -> gateway.http().put("/management/v1/users/" + userId + "/secret",
        tenant.pat(), new JsonObject()));
    assertThat(secret).as("a secret for " + userId).isNotNull();
    return secret;
  }

  /** The request until it answers 200 (at most 30 s): the client id and secret it returned, as Basic credentials. */
  private static Map<String, String> retried(Supplier<Response> request) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Response response = request.get();
      if (response.status() == 200) {
        return Http.basic(response.json().getString("clientId"), response.json().getString("clientSecret"));
      }
      assertThat(response.status()).as(response.toString()).isEqualTo(503);
    }
    return null;
  }

  private static int token(TestGateway gateway, Map<String, String> client) {
    return gateway.http().form("/oauth/v2/token", client, Map.of("grant_type", "client_credentials",
        "scope", "openid")).status();
  }

  private static void assertRefusedWithinASecond(TestGateway gateway, Map<String, String> replaced) {
    long replacedAt = System.nanoTime();
    int status;
    do {
      status = token(gateway, replaced);
    } while (status == 200 && System.nanoTime() - replacedAt < TimeUnit.SECONDS.toNanos(3));
    assertThat(status).as("the replaced secret at the other gateway").isEqualTo(400);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replacedAt)).isLessThan(1_000);
  }

  private static void awaitStatus(TestGateway gateway, String path, int status) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (gateway.management().get(path, null).status() != status) {
      assertThat(System.nanoTime()).as(path + " answered " + status + " within " + SETTLE).isLessThan(deadline);
      Thread.sleep(PACE_MS); // polling the gateway, not waiting for time to pass
    }
  }

  /** Both gateways and the control wrote after {@code injected}, the last failure behind them. */
  private static void awaitWritesAfter(Load load, long injected) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!load.names().stream().filter(name -> name.startsWith("create") || name.equals("control"))
        .allMatch(name -> load.wroteSinceLastFailure(name, injected))) {
      assertThat(System.nanoTime()).as("writes resumed within " + SETTLE).isLessThan(deadline);
      Thread.sleep(PACE_MS); // polling the load's record, not waiting for time to pass
    }
  }

  private static void assertEveryFailureA503InTime(Load load) {
    for (Sample sample : load.samples) {
      if (sample.status != 200 && !sample.series.equals("control")) {
        assertThat(sample.status).as(sample.series + " failed: " + sample.detail).isEqualTo(503);
        assertThat(TimeUnit.NANOSECONDS.toMillis(sample.end - sample.start)).as(sample.series + " failed in time")
            .isLessThan(STORE_TIMEOUT_MS + MARGIN_MS);
      }
    }
  }

  private static void assertEveryAcknowledgedCreateIsThere(Load load, TestGateway gateway, Tenants.Tenant tenant,
                                                           String projectId) {
    long acknowledged = 0;
    for (Sample sample : load.samples) {
      if (sample.series.startsWith("create") && sample.status == 200) {
        acknowledged++;
        Response read = gateway.http().get("/management/v1/projects/" + projectId + "/apps/" + sample.detail,
            tenant.pat());
        assertThat(read.status()).as("acknowledged app " + sample.detail).isEqualTo(200);
      }
    }
    assertThat(acknowledged).isPositive();
    System.out.printf(Locale.ROOT, "acknowledged creates: %d, all readable afterwards%n", acknowledged);
  }

  private record Outcome(int status, String detail) {}

  private record Sample(String series, long start, long end, int status, String detail) {}

  private record Switch(String kind, long injected, long settled) {}

  /** What one series did from an injection until the cluster had settled again. */
  private record Window(int total, int ok, long lastOkBefore, long resumedAt) {
    long outageMs() {
      return TimeUnit.NANOSECONDS.toMillis(resumedAt - lastOkBefore);
    }
  }

  /** Request loops, one thread each, every one recording each request's outcome. */
  private static final class Load {
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<String> names = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    void run(String series, Supplier<Object> request) {
      names.add(series);
      Thread thread = new Thread(() -> {
        while (running.get()) {
          long start = System.nanoTime();
          Sample sample;
          try {
            Object outcome = request.get();
            sample = outcome instanceof Outcome o ? new Sample(series, start, System.nanoTime(), o.status, o.detail)
                : new Sample(series, start, System.nanoTime(), ((Response) outcome).status(), null);
          } catch (RuntimeException | AssertionError dropped) {
            // a dropped connection, a hang past the client's timeout, an answer outside the contract: status 0
            sample = new Sample(series, start, System.nanoTime(), 0, dropped.toString());
          }
          samples.add(sample);
          try {
            Thread.sleep(PACE_MS); // the load's pace
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "load " + series);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }

    List<String> names() {
      return names;
    }

    /** A success of {@code series} after its last failure, both after {@code since}, and a failure at all. */
    boolean wroteSinceLastFailure(String series, long since) {
      long lastFailure = 0;
      long lastOk = 0;
      for (Sample sample : samples) {
        if (sample.series.equals(series) && sample.start >= since) {
          if (sample.status == 200) {
            lastOk = Math.max(lastOk, sample.end);
          } else {
            lastFailure = Math.max(lastFailure, sample.end);
          }
        }
      }
      return lastOk > lastFailure;
    }

    Window window(String series, Switch done) {
      int total = 0;
      int ok = 0;
      long lastOkBefore = done.injected;
      long lastFailure = 0;
      for (Sample sample : samples) {
        if (!sample.series.equals(series)) {
          continue;
        }
        if (sample.end < done.injected && sample.status == 200) {
          lastOkBefore = Math.max(lastOkBefore == done.injected ? 0 : lastOkBefore, sample.end);
        }
        if (sample.start >= done.injected && sample.start <= done.settled) {
          total++;
          ok += sample.status == 200 ? 1 : 0;
          if (sample.status != 200) {
            lastFailure = Math.max(lastFailure, sample.end);
          }
        }
      }
      long resumedAt = done.injected;
      long firstOkAfter = Long.MAX_VALUE;
      for (Sample sample : samples) {
        if (sample.series.equals(series) && sample.status == 200 && sample.end > Math.max(lastFailure,
            done.injected)) {
          firstOkAfter = Math.min(firstOkAfter, sample.end);
        }
      }
      if (lastFailure > 0 && firstOkAfter != Long.MAX_VALUE) {
        resumedAt = firstOkAfter;
      } else if (lastFailure == 0) {
        resumedAt = lastOkBefore; // it never failed: no outage
      }
      return new Window(total, ok, lastOkBefore, resumedAt);
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(40));
      }
    }
  }
}
