package dev.keygate.container;

import static dev.keygate.container.Requests.form;
import static dev.keygate.container.Requests.freePort;
import static dev.keygate.container.Requests.post;
import static dev.keygate.container.Requests.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.keygate.container.Requests.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code container/compose.yaml} as README's "In a container" runs it, through podman-compose: the file unchanged,
 * only its documented variables set (the images, the master key, the system token, the ports) and a project name of
 * this run. PostgreSQL is {@code localhost/keygate-test-postgres} ({@code container/build-test-postgres.sh}), a
 * stand-in for {@code postgres:16} made from Debian's packages, since no registry can be reached here.
 *
 * <p>{@code up -d}, {@code /health/ready}, README's first steps (an instance with the system token, a project, an API
 * app), both services' health checks, the settings of the file as podman applied them; {@code restart keygate}, after
 * which the instance's PAT and the app's secret still work (kept in PostgreSQL); {@code down -v}, after which nothing
 * of the project is left. podman-compose, and the DNS plugin the network backend needs for service names, are
 * installed with apt-get when missing (as root); the test is skipped, saying why, only where they cannot be.
 */
class ComposeFileTest {

  private static final long PID = ProcessHandle.current().pid();
  /** Of this run only, as are the project's containers, volume and network: runs on one machine do not collide. */
  private static final String PROJECT = "keygate-compose-" + PID;
  private static final String IMAGE = "localhost/keygate:compose-test-" + PID;
  private static final String POSTGRES_IMAGE = System.getProperty("keygate.container.test-postgres",
      "localhost/keygate-test-postgres");
  private static final String SYSTEM_TOKEN = "compose-test-system-token";
  private static final String LABEL = "com.docker.compose.project=" + PROJECT;
  private static final Duration PODMAN = Duration.ofMinutes(3);
  private static final Duration READY = Duration.ofSeconds(150);

  private static final Map<String, String> TIMINGS = new TreeMap<>();
  private static Podman podman;
  private static String composeVersion;
  private static boolean imageBuilt;
  private static boolean upCalled;

  @BeforeAll
  static void imagesAndTools() throws IOException {
    podman = KeygateImage.podmanOrSkip();
    Podman.Result base = KeygateImage.base(podman);
    TIMINGS.put("1 base image", KeygateImage.cached(base) ? "cached" : "built in " + base.millis() + " ms");
    installWhenMissing("podman-compose", Podman.onPath("podman-compose"), "podman-compose");
    Podman.Result version = podman.run(List.of("podman-compose", "version"), Duration.ofSeconds(30), Map.of());
    Matcher number = Pattern.compile("version\\s+(\\d+\\.\\d+\\.\\d+)").matcher(version.out());
    composeVersion = number.find() ? number.group(1) : "unknown";

    // service names (postgres in KEYGATE_PG_URI) resolve on a compose network only through the backend's DNS
    // plugin, which podman does not depend on: `apt-get install --no-install-recommends podman` gets CNI without one
    String backend = podman.podman(PODMAN, "info", "--format", "{{.Host.NetworkBackend}}").orFail().out().strip();
    if (backend.equals("netavark")) {
      installWhenMissing("aardvark-dns (netavark's DNS)", anyExists("/usr/lib/podman/aardvark-dns",
          "/usr/libexec/podman/aardvark-dns"), "aardvark-dns");
    } else {
      installWhenMissing("the CNI dnsname plugin", anyExists("/usr/lib/cni/dnsname", "/usr/libexec/cni/dnsname",
          "/opt/cni/bin/dnsname"), "golang-github-containernetworking-plugin-dnsname");
    }
    TIMINGS.put("2 tools", "podman-compose " + composeVersion + ", network backend " + backend);

    Podman.Result postgres = podman.run(List.of("bash", KeygateImage.DIR.resolve("build-test-postgres.sh")
        .toString()), Duration.ofMinutes(11), Map.of("TEST_POSTGRES_IMAGE", POSTGRES_IMAGE));
    assertThat(postgres.ok()).as("the test PostgreSQL image: %s", postgres).isTrue();
    TIMINGS.put("3 test PostgreSQL image", KeygateImage.cached(postgres) ? "cached"
        : "built in " + postgres.millis() + " ms");

    Podman.Result build = KeygateImage.build(podman, IMAGE);
    imageBuilt = true;
    TIMINGS.put("4 Keygate image build", build.millis() + " ms");
  }

  @AfterAll
  static void removeEverything() {
    if (podman == null) {
      return;
    }
    if (upCalled) {
      // after a failure: what `down -v` would have removed, and what it leaves
      compose(Map.of("KEYGATE_MASTER_KEY", "unused"), "down", "-v");
      names("ps", "--all").forEach(name -> podman.podman(PODMAN, "rm", "--force", "--ignore", name));
      names("volume", "ls").forEach(name -> podman.podman(PODMAN, "volume", "rm", "--force", name));
      names("network", "ls").forEach(name -> podman.podman(PODMAN, "network", "rm", "--force", name));
    }
    if (imageBuilt) {
      podman.podman(PODMAN, "rmi", "--force", IMAGE);
    }
    System.out.println("[compose] timings:");
    TIMINGS.forEach((step, value) -> System.out.println("[compose]   " + step.substring(2) + ": " + value));
  }

  @Test
  void readmesComposeCommandFromUpToDownWithVolumes() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    int port = freePort();
    int management = freePort();
    // compose.yaml's documented variables, and nothing else
    Map<String, String> env = new HashMap<>();
    env.put("KEYGATE_IMAGE", IMAGE);
    env.put("KEYGATE_BASE", KeygateImage.BASE);
    env.put("POSTGRES_IMAGE", POSTGRES_IMAGE);
    env.put("KEYGATE_MASTER_KEY", Base64.getEncoder().encodeToString(key));
    env.put("KEYGATE_SYSTEM_TOKEN", SYSTEM_TOKEN);
    env.put("KEYGATE_PORT", String.valueOf(port));
    env.put("KEYGATE_MANAGEMENT_PORT", String.valueOf(management));
    String k = "http://127.0.0.1:" + port;

    // up -d: both containers at once (podman-compose runs them in the order of depends_on, without waiting for
    // service_healthy); Keygate restarts (restart: unless-stopped) until PostgreSQL answers
    upCalled = true;
    long launched = System.nanoTime();
    compose(env, "up", "-d").orFail();
    String keygate = container("keygate");
    String postgres = container("postgres");
    long readyMs = awaitReady(keygate, postgres, management, launched);
    JsonObject keygateState = inspect(keygate).getJsonObject("State");
    TIMINGS.put("5 up -d to ready", readyMs + " ms; Keygate restarted " + inspect(keygate).getInteger("RestartCount",
        0) + " times before PostgreSQL answered; PostgreSQL's health then: "
        + Podman.health(inspect(postgres)) + " (no systemd: podman runs no health check by itself)");
    assertThat(logs(keygate)).contains("store:      postgres postgres:5432, database keygate")
        .doesNotContain("keygate:keygate@");
    assertThat(keygateState.getBoolean("Running")).isTrue();

    // the file's settings, as podman applied them
    JsonObject keygateHost = inspect(keygate).getJsonObject("HostConfig");
    assertThat(keygateHost.getBoolean("ReadonlyRootfs")).as("read_only").isTrue();
    assertThat(keygateHost.getLong("Memory")).as("mem_limit").isEqualTo(1024L * 1024 * 1024);
    assertThat(keygateHost.getJsonObject("RestartPolicy").getString("Name")).isEqualTo("unless-stopped");
    assertThat(keygateHost.getJsonObject("PortBindings").fieldNames()).containsExactlyInAnyOrder("8080/tcp",
        "9000/tcp");
    keygateHost.getJsonObject("PortBindings").forEach(binding -> assertThat(((JsonArray) binding.getValue())
        .getJsonObject(0).getString("HostIp")).as("published on loopback only").isEqualTo("127.0.0.1"));
    JsonObject postgresHost = inspect(postgres).getJsonObject("HostConfig");
    JsonObject postgresPorts = postgresHost.getJsonObject("PortBindings", new JsonObject());
    assertThat(postgresPorts.stream().filter(binding -> binding.getValue() != null
        && !((JsonArray) binding.getValue()).isEmpty())).as("PostgreSQL not published: %s", postgresPorts).isEmpty();
    assertThat(exec(keygate, "touch", "/app/x").ok()).as("/app read-only").isFalse();
    assertThat(exec(keygate, "touch", "/tmp/x").ok()).as("tmpfs on /tmp").isTrue();

    // both health checks: the image's /health/ready and the file's pg_isready (run here, as nothing runs them)
    for (String name : List.of(postgres, keygate)) {
      Podman.Result check = podman.podman(PODMAN, "healthcheck", "run", name);
      assertThat(check.exit()).as("podman healthcheck run %s: %s", name, check).isZero();
      assertThat(Podman.health(inspect(name))).isEqualTo("healthy");
    }

    // README's first steps: an instance with the system token given to `compose up`, a project, an API app
    Answer created = post(k + "/system/v1/instances/_create", SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", "Acme").put("machine", new JsonObject().put("userName", "admin")
            .put("name", "Acme Admin").put("personalAccessToken", new JsonObject())));
    assertThat(created.status()).as("KEYGATE_SYSTEM_TOKEN from the environment of up: %s", created).isEqualTo(200);
    String pat = created.json().getString("pat");
    Answer project = post(k + "/management/v1/projects", pat, new JsonObject().put("name", "billing"));
    assertThat(project.status()).as(project.toString()).isEqualTo(200);
    String projectId = project.json().getString("id");
    Answer app = post(k + "/management/v1/projects/" + projectId + "/apps/api", pat, new JsonObject()
        .put("name", "billing-api").put("authMethodType", "API_AUTH_METHOD_TYPE_BASIC"));
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    String clientId = app.json().getString("clientId");
    String clientSecret = app.json().getString("clientSecret");

    // restart keygate: the PAT, the project, the app and its secret come back from PostgreSQL
    String startedAt = keygateState.getString("StartedAt");
    long restarted = System.nanoTime();
    Instant restartedAt = Instant.now();
    compose(env, "restart", "keygate").orFail();
    long againMs = awaitReady(keygate, postgres, management, restarted);
    TIMINGS.put("6 restart keygate to ready", againMs + " ms");
    assertThat(inspect(keygate).getJsonObject("State").getString("StartedAt")).as("a new start")
        .isNotEqualTo(startedAt);
    Answer apps = post(k + "/management/v1/projects/" + projectId + "/apps/_search", pat, new JsonObject()
        .put("query", new JsonObject().put("offset", "0").put("limit", 100)));
    assertThat(apps.status()).as("the PAT after the restart: %s", apps).isEqualTo(200);
    assertThat(apps.json().getJsonArray("result").stream().map(a -> ((JsonObject) a).getString("name")))
        .containsExactly("billing-api");
    Answer introspection = introspect(k, clientId, clientSecret, "not-a-token");
    assertThat(introspection.status()).as("the app's secret after the restart: %s", introspection).isEqualTo(200);
    assertThat(introspection.json().getBoolean("active")).isFalse();
    assertThat(introspect(k, clientId, clientSecret + "x", "not-a-token").status()).as("a wrong secret")
        .isIn(400, 401);
    assertThat(post(k + "/management/v1/projects", pat, new JsonObject().put("name", "second")).status())
        .isEqualTo(200);
    Podman.Result sinceRestart = podman.podman(PODMAN, "logs", "--since", restartedAt.toString(), keygate);
    assertThat(sinceRestart.out() + sinceRestart.err()).contains("store:      postgres").doesNotContain(" ERROR ");

    // down -v: the containers, the volume and the network go
    assertThat(names("volume", "ls")).as("the project's volume").hasSize(1);
    List<String> networks = names("network", "ls");
    assertThat(networks).as("the project's network").hasSize(1);
    long down = System.nanoTime();
    compose(env, "down", "-v").orFail();
    TIMINGS.put("7 down -v", (System.nanoTime() - down) / 1_000_000 + " ms");
    upCalled = false;
    assertThat(names("ps", "--all")).as("containers left").isEmpty();
    assertThat(names("volume", "ls")).as("volumes left").isEmpty();
    List<String> networksLeft = names("network", "ls");
    if (!networksLeft.isEmpty() && composeVersion.startsWith("1.0.")) {
      // podman-compose 1.0's down removes containers, pods and (-v) volumes, never the networks it created
      TIMINGS.put("8 network left by down", networksLeft + " (podman-compose " + composeVersion
          + " removes none; removed by the test)");
      networksLeft.forEach(name -> podman.podman(PODMAN, "network", "rm", name).orFail());
      networksLeft = names("network", "ls");
    }
    assertThat(networksLeft).as("networks left").isEmpty();
    for (String name : List.of(keygate, postgres, networks.get(0))) {
      assertThat(podman.podman(PODMAN, "container", "exists", name).ok()).as(name).isFalse();
      assertThat(podman.podman(PODMAN, "network", "exists", name).ok()).as(name).isFalse();
    }
  }

  /** podman-compose on compose.yaml as README runs it, plus {@code -p} this run's project. */
  private static Podman.Result compose(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("podman-compose", "-p", PROJECT, "-f",
        KeygateImage.DIR.resolve("compose.yaml").toString()));
    command.addAll(List.of(args));
    return podman.run(command, PODMAN, env);
  }

  /** The container of a service, found by compose's labels (its name differs between compose implementations). */
  private static String container(String service) {
    String out = podman.podman(PODMAN, "ps", "--all", "--filter", "label=" + LABEL, "--format",
        "{{.Names}} {{index .Labels \"com.docker.compose.service\"}}").orFail().out();
    List<String> found = out.lines().map(line -> line.split(" ")).filter(f -> f.length == 2 && f[1].equals(service))
        .map(f -> f[0]).toList();
    assertThat(found).as("the container of %s in %s", service, out).hasSize(1);
    return found.get(0);
  }

  /** The names of the project's containers ({@code ps --all}), volumes or networks ({@code … ls}). */
  private static List<String> names(String... list) {
    List<String> args = new ArrayList<>(List.of(list));
    args.addAll(List.of("--filter", "label=" + LABEL, "--format", list[0].equals("ps") ? "{{.Names}}" : "{{.Name}}"));
    return podman.podman(PODMAN, args.toArray(String[]::new)).orFail().out().lines().filter(l -> !l.isBlank())
        .toList();
  }

  /**
   * Milliseconds from {@code since} until /health/ready answers 200; fails with both services' logs when the time is
   * up or PostgreSQL's container ends (Keygate's may end and restart while PostgreSQL starts).
   */
  private static long awaitReady(String keygate, String postgres, int management, long since)
      throws InterruptedException {
    long deadline = since + READY.toNanos();
    long nextLook = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (ready(management)) {
        return (System.nanoTime() - since) / 1_000_000;
      }
      if (System.nanoTime() > nextLook) {
        nextLook = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        if (!inspect(postgres).getJsonObject("State").getBoolean("Running")) {
          fail("PostgreSQL's container ended: " + inspect(postgres).getJsonObject("State") + "\n" + logs(postgres));
        }
      }
      Thread.sleep(250);
    }
    return fail("Keygate not ready within " + READY + "; Keygate:\n" + logs(keygate) + "\nPostgreSQL:\n"
        + logs(postgres));
  }

  /**
   * Installs a Debian package with apt-get when {@code present} is false: as root, else the test class is skipped
   * saying so; so it is when apt-get fails.
   */
  private static void installWhenMissing(String what, boolean present, String pkg) {
    if (present) {
      return;
    }
    if (!KeygateImage.isRoot(podman)) {
      Assumptions.abort("SKIPPED: " + what + " is missing, and only root may install it (apt-get install " + pkg + ")");
    }
    Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
    podman.run(List.of("apt-get", "update", "-q"), Duration.ofMinutes(3), quiet);
    Podman.Result install = podman.run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", pkg),
        Duration.ofMinutes(5), quiet);
    if (!install.ok()) {
      Assumptions.abort("SKIPPED: " + what + " is missing and cannot be installed here (apt-get install " + pkg
          + " failed):\n" + install);
    }
    TIMINGS.put("0 installed " + pkg, install.millis() + " ms");
  }

  private static boolean anyExists(String... paths) {
    for (String path : paths) {
      if (Files.exists(Path.of(path))) {
        return true;
      }
    }
    return false;
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

  private static Answer introspect(String k, String clientId, String clientSecret, String token) {
    return form(k + "/oauth/v2/introspect", clientId, clientSecret, Map.of("token", token));
  }
}
