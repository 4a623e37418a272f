package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Poll;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM during a burst of creates on PostgreSQL: Keygate started as a user starts it (its {@code Main} in a JVM of
 * its own) stops accepting, answers what it had begun, and exits. Read back after a restart on the same database,
 * every create answered 200 is stored, and every stored create was answered: no request was cut off after the
 * server acted on it. Requests it never took fail at the connection, before Keygate acted.
 */
@SingleStore
class GracefulShutdownTest {

  private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");
  private static final int WORKERS = 24;
  private static final int MAX_PER_WORKER = 150;

  private record Outcome(String name, int status, long endedNanos, Throwable failure) {}

  @Test
  void inFlightCreatesFinishAndEveryAnsweredOneIsStored() throws Exception {
    JsonObject database = TestStore.postgres(TestPostgres.shared());
    Map<String, String> env = new HashMap<>(Map.of("KEYGATE_HTTP_PORT", "0", "KEYGATE_HTTP_HOST", "127.0.0.1",
        "KEYGATE_MANAGEMENT_HOST", "127.0.0.1", "KEYGATE_VERTICLE_INSTANCES", "2",
        "KEYGATE_SYSTEM_TOKEN", TestGateway.SYSTEM_TOKEN,
        "KEYGATE_SHUTDOWN_TIMEOUT_MS", "10000", "KEYGATE_PASSWORD_HASH_COST", "4"));
    database.forEach(setting -> env.put(setting.getKey(), String.valueOf(setting.getValue())));
    Process process = ChildJvm.start(Main.class.getName(), env, List.of("-Xmx256m"), List.of());
    StringBuffer stdout = new StringBuffer();
    CountDownLatch up = new CountDownLatch(1);
    int[] port = {-1};
    Thread reader = new Thread(() -> drain(process, stdout, up, port), "child-stdout");
    reader.start();
    try {
      assertThat(up.await(60, TimeUnit.SECONDS)).as(stdout.toString()).isTrue();
      assertThat(port[0]).as(stdout.toString()).isPositive();
      String banner = stdout.toString();
      assertThat(banner).contains("management: http://127.0.0.1:",
          "console:    http://127.0.0.1:" + port[0] + "/console", "docs:       http://127.0.0.1:" + port[0] + "/docs",
          "store:      postgres localhost:", "schema " + database.getString(KeygateConfig.PG_SCHEMA), "crypto:");
      assertThat(banner).doesNotContain("postgres:postgres@");

      Tenants tenants = new Tenants(new Http(port[0]));
      Tenants.Tenant tenant = tenants.create("shutdown");
      String project = tenants.project(tenant, "burst");

      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        Thread thread = new Thread(() -> burst(client, port[0], tenant.pat(), project, worker, outcomes));
        thread.start();
        workers.add(thread);
      }
      long created = Poll.until(Duration.ofSeconds(60), () -> outcomes.stream().filter(o -> o.status() == 200)
          .count(), count -> count >= 100 || workers.stream().noneMatch(Thread::isAlive));
      assertThat(created).as("creates answered 200 before SIGTERM; failures: %s", outcomes.stream()
          .filter(o -> o.failure() != null).limit(3).toList()).isGreaterThanOrEqualTo(100);
      long sigterm = System.nanoTime();
      process.toHandle().destroy(); // SIGTERM, as a supervisor sends it
      for (Thread worker : workers) {
        worker.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
      long exitMs = (System.nanoTime() - sigterm) / 1_000_000;
      assertThat(exitMs).as("done once the in-flight requests were, not at the shutdown timeout").isLessThan(8_000);
      reader.join(5_000);

      Set<String> answered = new HashSet<>();
      List<Outcome> otherStatuses = new ArrayList<>();
      long answeredAfterSigterm = 0;
      for (Outcome outcome : outcomes) {
        if (outcome.status() == 200) {
          answered.add(outcome.name());
          answeredAfterSigterm += outcome.endedNanos() > sigterm ? 1 : 0;
        } else if (outcome.failure() == null) {
          otherStatuses.add(outcome);
        }
      }
      assertThat(otherStatuses).as("a create either succeeds or is never taken").isEmpty();
      assertThat(answeredAfterSigterm).as("creates in flight at SIGTERM were answered").isPositive();

      try (TestGateway restarted = TestGateway.start(null, database)) {
        Set<String> stored = storedNames(restarted, tenant, project);
        System.out.printf("graceful shutdown: %d creates answered 200 (%d after SIGTERM), %d not taken, %d stored, "
            + "exit %d ms after SIGTERM%n", answered.size(), answeredAfterSigterm,
            outcomes.stream().filter(o -> o.failure() != null).count(), stored.size(), exitMs);
        assertThat(stored).as("every create answered 200 is stored").containsAll(answered);
        assertThat(answered).as("every stored create was answered: none was cut off after it was done")
            .containsAll(stored);
      }
      assertThat(stdout.toString()).doesNotContain(" ERROR ");
    } finally {
      process.destroyForcibly();
    }
  }

  /** Creates apps one after the other until the server is gone (or the worker's share is done). */
  private static void burst(HttpClient client, int port, String pat, String project, int worker,
                            ConcurrentLinkedQueue<Outcome> outcomes) {
    for (int i = 0; i < MAX_PER_WORKER; i++) {
      String name = "burst-" + worker + "-" + i;
      HttpRequest request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/management/v1/projects/" + project + "/apps/api"))
          .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + pat)
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).encode())).build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        outcomes.add(new Outcome(name, response.statusCode(), System.nanoTime(), null));
      } catch (Exception e) {
        outcomes.add(new Outcome(name, -1, System.nanoTime(), e));
        return; // the server is going or gone
      }
    }
  }

  private static Set<String> storedNames(TestGateway gateway, Tenants.Tenant tenant, String project) {
    Set<String> names = new HashSet<>();
    for (int offset = 0; ; offset += 1000) {
      Response page = gateway.http().post("/management/v1/projects/" + project + "/apps/_search", tenant.pat(),
          new JsonObject().put("query", new JsonObject().put("offset", String.valueOf(offset)).put("limit", 1000)));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      JsonArray result = page.json().getJsonArray("result", new JsonArray());
      result.forEach(app -> names.add(((JsonObject) app).getString("name")));
      if (result.size() < 1000) {
        return names;
      }
    }
  }

  private static void drain(Process process, StringBuffer stdout, CountDownLatch up, int[] port) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        stdout.append(line).append('\n');
        Matcher m = PORT.matcher(line);
        if (m.find() && port[0] < 0) {
          port[0] = Integer.parseInt(m.group(1));
        }
        if (line.startsWith("  crypto:")) {
          up.countDown(); // the banner's last line
        }
      }
    } catch (Exception e) {
      // the child is gone; what it printed is in stdout
    } finally {
      up.countDown();
    }
  }
}
