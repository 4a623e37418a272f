package dev.keygate.container;

import static dev.keygate.container.Requests.HTTP;
import static dev.keygate.container.Requests.form;
import static dev.keygate.container.Requests.freePort;
import static dev.keygate.container.Requests.post;
import static dev.keygate.container.Requests.ready;
import static dev.keygate.container.Requests.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.keygate.container.Requests.Answer;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as a user runs it, built by podman from {@code container/Containerfile} and the shaded jar of
 * this build, on a base made from Debian's packages ({@code container/build-base.sh}, cached by podman between
 * runs): README's first steps over HTTP, a user that is not root, the HEALTHCHECK, a burst of creates under a
 * 512 MiB memory limit with a read-only root filesystem, a stop within the shutdown timeout; and on PostgreSQL, a stop
 * in the middle of a burst after which every create answered 200 is read back through a second container.
 *
 * <p>Podman is installed with apt-get when missing (as root); the test is skipped, saying why, only when it cannot
 * be. Every container it starts is removed, and so is the image it built; the base image stays.
 */
class ContainerImageTest {

  private static final String BASE = KeygateImage.BASE;
  /** Of this run only: two builds on one machine (two worktrees) must not remove each other's image. */
  private static final String IMAGE = "localhost/keygate:test-" + ProcessHandle.current().pid();
  private static final String SYSTEM_TOKEN = "container-test-system-token";
  private static final String PREFIX = "keygate-test-" + ProcessHandle.current().pid() + "-";
  /** KEYGATE_SHUTDOWN_TIMEOUT_MS of the image. */
  private static final long SHUTDOWN_TIMEOUT_MS = 10_000;
  private static final long MEMORY_LIMIT = 512L * 1024 * 1024;
  private static final Duration PODMAN = Duration.ofMinutes(2);

  private static final List<String> CONTAINERS = new CopyOnWriteArrayList<>();
  private static final Map<String, String> TIMINGS = new TreeMap<>();
  private static Podman podman;
  private static boolean imageBuilt;

  private record Outcome(String name, int status, long endedNanos, Throwable failure) {}

  @BeforeAll
  static void buildTheImage() throws IOException {
    podman = KeygateImage.podmanOrSkip();
    Podman.Result base = KeygateImage.base(podman);
    TIMINGS.put("1 base image", KeygateImage.cached(base) ? "cached (" + base.millis() + " ms)"
        : "built in " + base.millis() + " ms (podman, runc and mmdebstrap installed first where missing)");
    Podman.Result build = KeygateImage.build(podman, IMAGE);
    imageBuilt = true;
    long size = Long.parseLong(podman.podman(PODMAN, "image", "inspect", "--format", "{{.Size}}", IMAGE).orFail()
        .out().strip());
    long baseSize = Long.parseLong(podman.podman(PODMAN, "image", "inspect", "--format", "{{.Size}}", BASE).orFail()
        .out().strip());
    TIMINGS.put("2 image build", build.millis() + " ms; image " + size / 1_000_000 + " MB (base " + baseSize / 1_000_000
        + " MB, jar " + Files.size(KeygateImage.JAR) / 1_000_000 + " MB)");

    JsonObject inspected = new JsonArray(podman.podman(PODMAN, "image", "inspect", IMAGE).orFail().out())
        .getJsonObject(0);
    JsonObject config = inspected.getJsonObject("Config");
    assertThat(config.getString("User")).isEqualTo("10001:10001");
    assertThat(config.getString("StopSignal")).isEqualTo("SIGTERM");
    assertThat(config.getJsonObject("ExposedPorts").fieldNames()).containsExactlyInAnyOrder("8080/tcp", "9000/tcp");
    JsonObject healthcheck = inspected.getJsonObject("Healthcheck", config.getJsonObject("Healthcheck"));
    assertThat(healthcheck).as("HEALTHCHECK kept (--format docker)").isNotNull();
    assertThat(healthcheck.getJsonArray("Test").encode()).contains("/health/ready");
    assertThat(config.getJsonArray("Entrypoint").getList()).contains("java", "-XX:+ExitOnOutOfMemoryError", "-jar",
        "/app/keygate.jar").anySatisfy(flag -> assertThat((String) flag).startsWith("-XX:MaxRAMPercentage="))
        .noneSatisfy(flag -> assertThat((String) flag).matches("-Xm[xs].*"));
  }

  @AfterAll
  static void removeEverything() {
    if (podman == null) {
      return;
    }
    for (String name : CONTAINERS) {
      podman.podman(PODMAN, "rm", "--force", "--ignore", name);
    }
    if (imageBuilt) {
      podman.podman(PODMAN, "rmi", "--force", IMAGE);
    }
    Podman.Result left = podman.podman(PODMAN, "ps", "--all", "--filter", "name=" + PREFIX, "--format", "{{.Names}}");
    System.out.println("[container] timings:");
    TIMINGS.forEach((step, value) -> System.out.println("[container]   " + step.substring(2) + ": " + value));
    assertThat(left.out().strip()).as("containers left behind").isEmpty();
  }

  /**
   * The memory store, as README's one-liner runs it, with 512 MiB and a read-only root: README's first steps, the
   * user, the health check, the heap sized from the limit, a burst of creates without an OOM kill, a stop within the
   * shutdown timeout.
   */
  @Test
  void onTheMemoryStoreUnderAMemoryLimitWithAReadOnlyRoot() throws Exception {
    int port = freePort();
    int management = freePort();
    String name = PREFIX + "memory";
    long launched = System.nanoTime();
    run(name, "--memory", "512m", "--read-only", "-p", "127.0.0.1:" + port + ":8080",
        "-p", "127.0.0.1:" + management + ":9000", "-e", "KEYGATE_SYSTEM_TOKEN=" + SYSTEM_TOKEN, IMAGE);
    long readyMs = awaitReady(name, management, launched);
    TIMINGS.put("3 start to ready, memory store", readyMs + " ms (`podman run` to /health/ready 200)");
    String k = "http://127.0.0.1:" + port;

    // not root, and the root filesystem is read-only (podman's --read-only keeps a tmpfs on /tmp)
    assertThat(exec(name, "id", "-u").out().strip()).isEqualTo("10001");
    assertThat(exec(name, "bash", "-c", "touch /app/x").ok()).as("/app is read-only").isFalse();
    assertThat(exec(name, "bash", "-c", "touch /etc/x").ok()).as("/etc is read-only").isFalse();
    // the class-data archive the image's own JVM wrote at build time is in use (mapped by the JVM, PID 1)
    assertThat(exec(name, "grep", "-q", "/app/keygate.jsa", "/proc/1/maps").ok()).as("keygate.jsa mapped").isTrue();
    JsonObject inspected = inspect(name);
    assertThat(inspected.getJsonObject("HostConfig").getBoolean("ReadonlyRootfs")).isTrue();
    assertThat(inspected.getJsonObject("HostConfig").getLong("Memory")).isEqualTo(MEMORY_LIMIT);

    // the HEALTHCHECK (no systemd here, so podman runs it only when asked)
    Podman.Result health = podman.podman(PODMAN, "healthcheck", "run", name);
    assertThat(health.exit()).as("podman healthcheck run: %s", health).isZero();
    assertThat(Podman.health(inspect(name))).isEqualTo("healthy");

    // the heap follows the container's limit (MaxRAMPercentage), not the host's memory nor a fixed 2 GiB
    double heapMax = metricSum(management, "jvm_memory_max_bytes{area=\"heap\"");
    assertThat(heapMax).as("max heap in a 512 MiB container").isBetween(0.4 * MEMORY_LIMIT, 0.75 * MEMORY_LIMIT);

    readmeFirstSteps(k);

    // the docs page's files come out of the jar through Vert.x's file cache, which lives in /tmp
    Answer page = send(HttpRequest.newBuilder(URI.create(k + "/docs")).GET());
    assertThat(page.status()).isEqualTo(200);
    String css = page.body().replaceAll("(?s).*?(/docs/swagger-ui/[^\"]+\\.css).*", "$1");
    assertThat(send(HttpRequest.newBuilder(URI.create(k + css)).GET()).status()).as(css).isEqualTo(200);

    // a burst of creates under the limit
    JsonObject tenant = createInstance(k, "Burst");
    String pat = tenant.getString("pat");
    String project = post(k + "/management/v1/projects", pat, new JsonObject().put("name", "burst")).json()
        .getString("id");
    int creates = 4000;
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> other = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    long burst = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      String app = "app-" + i;
      done.add(pool.submit(() -> {
        Answer answer = post(k + "/management/v1/projects/" + project + "/apps/api", pat,
            new JsonObject().put("name", app));
        if (answer.status() == 200) {
          ok.incrementAndGet();
        } else {
          other.add(answer.toString());
        }
      }));
    }
    for (Future<?> one : done) {
      one.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long burstMs = (System.nanoTime() - burst) / 1_000_000;
    assertThat(other).as("creates not answered 200").isEmpty();
    assertThat(ok.get()).isEqualTo(creates);
    JsonObject state = inspect(name).getJsonObject("State");
    assertThat(state.getBoolean("OOMKilled")).as("OOM-killed").isFalse();
    assertThat(state.getBoolean("Running")).as("still running after the burst").isTrue();
    assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/ready")).GET())
        .status()).isEqualTo(200);
    TIMINGS.put("4 burst, memory store", creates + " creates by 32 clients in " + burstMs + " ms ("
        + creates * 1000L / Math.max(1, burstMs) + "/s), memory peak " + memoryPeak(state) + ", max heap "
        + Math.round(heapMax / 1024 / 1024) + " MiB");

    // podman stop: SIGTERM, then Keygate's own graceful stop, well within the shutdown timeout
    long stopMs = stop(name);
    TIMINGS.put("5 podman stop, memory store", stopMs + " ms");
    JsonObject stopped = inspect(name).getJsonObject("State");
    assertThat(stopped.getInteger("ExitCode")).as("ended by SIGTERM (143), not SIGKILL (137)").isIn(0, 143);
    assertThat(stopMs).as("podman stop").isLessThan(SHUTDOWN_TIMEOUT_MS);
    String logs = logs(name);
    assertThat(logs).contains("Keygate ", "listening on port 8080", "store:      memory").doesNotContain(" ERROR ");
  }

  /**
   * On PostgreSQL (host network: the server this test starts listens on 127.0.0.1): a stop in the middle of a burst
   * of creates; a second container on the same database then finds every create the first one answered 200, and
   * nothing that was not answered.
   */
  @Test
  void onPostgresAStopInTheMiddleOfABurstLosesNoAcknowledgedCreate(@TempDir Path data) throws Exception {
    try (TestPostgres postgres = TestPostgres.dedicated(data.resolve("pg"))) {
      String uri = postgres.uri().replace("@localhost:", "@127.0.0.1:");
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String masterKey = Base64.getEncoder().encodeToString(key);
      int port = freePort();
      int management = freePort();
      String first = PREFIX + "postgres-1";
      long launched = System.nanoTime();
      runOnPostgres(first, uri, masterKey, port, management);
      long readyMs = awaitReady(first, management, launched);
      TIMINGS.put("6 start to ready, PostgreSQL", readyMs + " ms (migrations of an empty database included)");
      String k = "http://127.0.0.1:" + port;
      assertThat(logs(first)).contains("store:      postgres 127.0.0.1:").doesNotContain("postgres:postgres@");

      JsonObject tenant = createInstance(k, "Stopped");
      String pat = tenant.getString("pat");
      String project = post(k + "/management/v1/projects", pat, new JsonObject().put("name", "burst")).json()
          .getString("id");
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < 24; w++) {
        int worker = w;
        Thread thread = new Thread(() -> burst(k, pat, project, worker, outcomes), "burst-" + w);
        thread.start();
        workers.add(thread);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (outcomes.stream().filter(o -> o.status() == 200).count() < 300 && System.nanoTime() < deadline
          && workers.stream().anyMatch(Thread::isAlive)) {
        Thread.sleep(20);
      }
      assertThat(outcomes.stream().filter(o -> o.status() == 200).count()).as("creates before the stop: %s",
          outcomes.stream().filter(o -> o.status() != 200).limit(3).toList()).isGreaterThanOrEqualTo(300);
      long stopped = System.nanoTime();
      long stopMs = stop(first);
      for (Thread worker : workers) {
        worker.join(TimeUnit.SECONDS.toMillis(60));
      }
      TIMINGS.put("7 podman stop mid-burst, PostgreSQL", stopMs + " ms");
      assertThat(inspect(first).getJsonObject("State").getInteger("ExitCode")).as("ended by SIGTERM").isIn(0, 143);
      assertThat(stopMs).as("podman stop").isLessThan(SHUTDOWN_TIMEOUT_MS);
      assertThat(logs(first)).doesNotContain(" ERROR ");

      Set<String> answered = new HashSet<>();
      List<Outcome> otherStatuses = new ArrayList<>();
      long answeredAfterStop = 0;
      for (Outcome outcome : outcomes) {
        if (outcome.status() == 200) {
          answered.add(outcome.name());
          answeredAfterStop += outcome.endedNanos() > stopped ? 1 : 0;
        } else if (outcome.failure() == null) {
          otherStatuses.add(outcome);
        }
      }
      assertThat(otherStatuses).as("a create either succeeds or is never taken").isEmpty();

      // a second container on the same database and master key reads them back
      String second = PREFIX + "postgres-2";
      runOnPostgres(second, uri, masterKey, port, management);
      awaitReady(second, management, System.nanoTime());
      Set<String> stored = storedNames(k, pat, project);
      System.out.printf("[container] PostgreSQL: %d creates answered 200 (%d after `podman stop` began), %d not taken,"
          + " %d stored%n", answered.size(), answeredAfterStop, outcomes.stream().filter(o -> o.failure() != null)
          .count(), stored.size());
      assertThat(stored).as("every create answered 200 is stored").containsAll(answered);
      assertThat(answered).as("every stored create was answered").containsAll(stored);
      stop(second);
      assertThat(logs(second)).doesNotContain(" ERROR ");
    }
  }

  /** README's "Five minutes with curl", steps 1 to 7, over HTTP from Java. */
  private static void readmeFirstSteps(String k) {
    // 1. an instance with a machine owner and its PAT
    String pat = createInstance(k, "Acme").getString("pat");
    assertThat(pat).isNotBlank();
    // 2. a project
    String project = post(k + "/management/v1/projects", pat, new JsonObject().put("name", "billing")).json()
        .getString("id");
    // 3. an API app with a client id and secret
    JsonObject app = post(k + "/management/v1/projects/" + project + "/apps/api", pat, new JsonObject()
        .put("name", "billing-api").put("authMethodType", "API_AUTH_METHOD_TYPE_BASIC")).json();
    assertThat(app.getString("clientSecret")).hasSize(64);
    // 4. a machine user
    String bot = post(k + "/management/v1/users/machine", pat, new JsonObject().put("userName", "billing-bot")
        .put("name", "Billing bot")).json().getString("userId");
    // 5. its secret
    Answer secret = send(HttpRequest.newBuilder(URI.create(k + "/management/v1/users/" + bot + "/secret"))
        .header("authorization", "Bearer " + pat).PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
    String botSecret = secret.json().getString("clientSecret");
    // 6. a client_credentials token for the project's audience
    Answer token = form(k + "/oauth/v2/token", "billing-bot", botSecret, Map.of("grant_type", "client_credentials",
        "scope", "openid urn:zitadel:iam:org:project:id:" + project + ":aud"));
    assertThat(token.status()).as(token.toString()).isEqualTo(200);
    String accessToken = token.json().getString("access_token");
    // 7. introspected by the API app
    Answer introspection = form(k + "/oauth/v2/introspect", app.getString("clientId"), app.getString("clientSecret"),
        Map.of("token", accessToken));
    assertThat(introspection.status()).as(introspection.toString()).isEqualTo(200);
    assertThat(introspection.json().getBoolean("active")).isTrue();
    assertThat(introspection.json().getString("client_id")).isEqualTo("billing-bot");
    assertThat(introspection.json().getJsonArray("aud").getList()).contains(project);
  }

  private static JsonObject createInstance(String k, String name) {
    Answer created = post(k + "/system/v1/instances/_create", SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", name).put("machine", new JsonObject().put("userName", "admin")
            .put("name", name + " Admin").put("personalAccessToken", new JsonObject())));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    return created.json();
  }

  /** Creates apps one after the other until the server is gone, or 400 are done. */
  private static void burst(String k, String pat, String project, int worker, ConcurrentLinkedQueue<Outcome> outcomes) {
    for (int i = 0; i < 400; i++) {
      String name = "burst-" + worker + "-" + i;
      HttpRequest request = HttpRequest.newBuilder(URI.create(k + "/management/v1/projects/" + project + "/apps/api"))
          .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + pat)
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).encode())).build();
      try {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        outcomes.add(new Outcome(name, response.statusCode(), System.nanoTime(), null));
      } catch (IOException | InterruptedException e) {
        outcomes.add(new Outcome(name, -1, System.nanoTime(), e));
        return; // the server is going or gone
      }
    }
  }

  private static Set<String> storedNames(String k, String pat, String project) {
    Set<String> names = new HashSet<>();
    for (int offset = 0; ; offset += 1000) {
      Answer page = post(k + "/management/v1/projects/" + project + "/apps/_search", pat, new JsonObject()
          .put("query", new JsonObject().put("offset", String.valueOf(offset)).put("limit", 1000)));
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      JsonArray result = page.json().getJsonArray("result", new JsonArray());
      result.forEach(app -> names.add(((JsonObject) app).getString("name")));
      if (result.size() < 1000) {
        return names;
      }
    }
  }

  private static void runOnPostgres(String name, String uri, String masterKey, int port, int management) {
    // host network: the test's PostgreSQL listens on the host's loopback; Keygate then listens there only, too
    run(name, "--network", "host", "--memory", "512m", "--read-only",
        "-e", "KEYGATE_STORE=postgres", "-e", "KEYGATE_PG_URI=" + uri, "-e", "KEYGATE_MASTER_KEY=" + masterKey,
        "-e", "KEYGATE_SYSTEM_TOKEN=" + SYSTEM_TOKEN, "-e", "KEYGATE_HTTP_HOST=127.0.0.1",
        "-e", "KEYGATE_HTTP_PORT=" + port, "-e", "KEYGATE_MANAGEMENT_HOST=127.0.0.1",
        "-e", "KEYGATE_MANAGEMENT_PORT=" + management, IMAGE);
  }

  private static void run(String name, String... options) {
    List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", name));
    args.addAll(List.of(options));
    CONTAINERS.add(name);
    podman.podman(PODMAN, args.toArray(String[]::new)).orFail();
  }

  /** Milliseconds from launch until /health/ready answers 200; fails with the logs when the container ends first. */
  private static long awaitReady(String name, int management, long launched) throws InterruptedException {
    long deadline = launched + TimeUnit.SECONDS.toNanos(120);
    long nextLook = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (ready(management)) {
        return (System.nanoTime() - launched) / 1_000_000;
      }
      if (System.nanoTime() > nextLook) {
        nextLook = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        if (!inspect(name).getJsonObject("State").getBoolean("Running")) {
          fail("container " + name + " ended before it was ready: " + inspect(name).getJsonObject("State")
              + "\n" + logs(name));
        }
      }
      Thread.sleep(50);
    }
    return fail("container " + name + " not ready within 120 s:\n" + logs(name));
  }

  /** {@code podman stop} with more time than Keygate's shutdown timeout; its duration in milliseconds. */
  private static long stop(String name) {
    long started = System.nanoTime();
    podman.podman(PODMAN, "stop", "--time", String.valueOf(SHUTDOWN_TIMEOUT_MS / 1000 + 20), name).orFail();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static Podman.Result exec(String name, String... command) {
    return podman.exec(PODMAN, name, command);
  }

  private static JsonObject inspect(String name) {
    return podman.inspect(PODMAN, name);
  }

  private static String logs(String name) {
    return podman.logs(PODMAN, name);
  }

  /** The container's peak memory use as its cgroup (v1) counted it, where the host shows it. */
  private static String memoryPeak(JsonObject state) {
    String cgroup = state.getString("CgroupPath", "");
    for (Path file : List.of(Path.of("/sys/fs/cgroup/memory" + cgroup, "memory.max_usage_in_bytes"),
        Path.of("/sys/fs/cgroup" + cgroup, "memory.peak"))) {
      try {
        return Long.parseLong(Files.readString(file).strip()) / 1024 / 1024 + " MiB of 512";
      } catch (IOException | NumberFormatException e) {
        // the other cgroup version
      }
    }
    return "unknown";
  }

  private static double metricSum(int management, String prefix) {
    Answer metrics = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/metrics")).GET());
    assertThat(metrics.status()).isEqualTo(200);
    return metrics.body().lines().filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
