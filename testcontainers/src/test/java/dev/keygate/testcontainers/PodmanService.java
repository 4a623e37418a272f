package dev.keygate.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the module's tests need before Testcontainers is first used, set up once per test run: podman (installed
 * with apt-get by {@code container/build-base.sh} when missing, as root), the base image (built by that script when
 * podman has none), Keygate's image from this build's shaded jar, tagged {@link KeygateContainer#DEFAULT_IMAGE}, and
 * {@code podman system service} on the socket that the pom's {@code DOCKER_HOST} names, with
 * {@code container/containers.conf}. The service is stopped when the last test class is done; the images stay
 * (podman's cache makes the next build of an unchanged jar a matter of seconds).
 *
 * <p>Tests are skipped, saying why, only where podman cannot be installed.
 */
final class PodmanService implements BeforeAllCallback {

  private static final Duration PODMAN = Duration.ofMinutes(5);

  /** The result of the set-up, computed by the first test class and shared by all. */
  private record Setup(Process service, Path socket, String skipped, Map<String, Long> millis)
      implements AutoCloseable {

    @Override
    public void close() throws IOException {
      if (service == null) {
        return;
      }
      service.destroy();
      try {
        if (!service.waitFor(20, TimeUnit.SECONDS)) {
          service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(socket);
      System.out.println("[testcontainers] podman system service (pid " + service.pid() + ") stopped, "
          + (service.isAlive() ? "still running" : "exit " + service.exitValue()));
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Setup setup = context.getRoot().getStore(ExtensionContext.Namespace.create(PodmanService.class))
        .getOrComputeIfAbsent(Setup.class, key -> setUp(), Setup.class);
    if (setup.skipped() != null) {
      Assumptions.abort(setup.skipped());
    }
  }

  private static Setup setUp() {
    Path dir = Path.of(System.getProperty("keygate.container.dir", "../container")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("keygate.container.jar", "../gateway/target/keygate.jar"))
        .toAbsolutePath().normalize();
    Path socket = Path.of(System.getProperty("keygate.podman.socket", "target/podman.sock")).toAbsolutePath();
    Path conf = dir.resolve("containers.conf");
    Map<String, Long> millis = new LinkedHashMap<>();

    boolean root = "0".equals(run(List.of("id", "-u"), conf, Duration.ofSeconds(10)).out().strip());
    if (!onPath("podman") && !root) {
      return skipped("SKIPPED: podman is missing, and only root may install it with apt-get (apt-get install podman "
          + "runc mmdebstrap)");
    }
    // podman, runc and mmdebstrap where missing, and the base image where podman has none
    Result base = run(List.of("bash", dir.resolve("build-base.sh").toString()), conf, Duration.ofMinutes(11));
    if (!base.ok() && !onPath("podman")) {
      return skipped("SKIPPED: podman cannot be installed here (apt-get failed):\n" + base);
    }
    base.orFail();
    millis.put(base.err().contains("exists, kept") ? "base image (cached)" : "base image built", base.millis());

    // Keygate's image from this build's jar (a context holding the jar alone)
    if (Files.isRegularFile(jar)) {
      Path context = Path.of("target", "image-context").toAbsolutePath();
      try {
        Files.createDirectories(context);
        Files.copy(jar, context.resolve("keygate.jar"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Result before = run(List.of("podman", "image", "inspect", "--format", "{{.Id}}",
          KeygateContainer.DEFAULT_IMAGE), conf, PODMAN);
      Result build = run(List.of("podman", "build", "--format", "docker", "--build-arg",
          "BASE=" + System.getProperty("keygate.container.base", "localhost/keygate-base-jre17"), "-f",
          dir.resolve("Containerfile").toString(), "-t", KeygateContainer.DEFAULT_IMAGE, context.toString()), conf,
          PODMAN).orFail();
      millis.put("image build", build.millis());
      // the image of an earlier jar, now untagged, goes (by its id only; it stays while a container uses it)
      String previous = before.ok() ? before.out().strip() : "";
      if (!previous.isEmpty() && !build.out().strip().endsWith(previous)) {
        run(List.of("podman", "rmi", previous), conf, PODMAN);
      }
    } else if (!run(List.of("podman", "image", "exists", KeygateContainer.DEFAULT_IMAGE), conf, PODMAN).ok()) {
      throw new IllegalStateException(jar + " is missing, and so is " + KeygateContainer.DEFAULT_IMAGE + ": the "
          + "image is built from the shaded jar of the gateway's package phase (mvn -B verify reaches it)");
    }

    // the Docker-compatible API on the socket DOCKER_HOST names
    String dockerHost = System.getenv("DOCKER_HOST");
    if (!("unix://" + socket).equals(dockerHost)) {
      throw new IllegalStateException("DOCKER_HOST is " + dockerHost + ", not unix://" + socket
          + ": set both in the surefire configuration (testcontainers/pom.xml)");
    }
    long started = System.nanoTime();
    Process service;
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket); // left by a run that was killed
      ProcessBuilder builder = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket);
      builder.environment().put("CONTAINERS_CONF", conf.toString());
      Path log = Path.of("target", "podman-service.log").toAbsolutePath();
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      service = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Setup setup = new Setup(service, socket, null, millis);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!answersPing(socket)) {
      if (!service.isAlive() || System.nanoTime() > deadline) {
        close(setup);
        throw new IllegalStateException("podman system service did not answer on " + socket
            + " (target/podman-service.log)");
      }
      sleep(50);
    }
    millis.put("podman system service up", (System.nanoTime() - started) / 1_000_000);
    System.out.println("[testcontainers] set-up (ms): " + millis + "; service pid " + service.pid() + " on "
        + socket);
    return setup;
  }

  private static Setup skipped(String why) {
    return new Setup(null, null, why, Map.of());
  }

  private static void close(Setup setup) {
    try {
      setup.close();
    } catch (IOException e) {
      // the failure that brought us here is the one to report
    }
  }

  /** Whether the Docker API answers {@code GET /_ping} on the socket. */
  private static boolean answersPing(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(512);
      while (channel.read(answer) > 0 && answer.hasRemaining()) {
        // the whole (short) answer
      }
      String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
      return text.startsWith("HTTP/1.") && text.contains(" 200 ");
    } catch (IOException e) {
      return false;
    }
  }

  /** What a command did. */
  record Result(List<String> command, int exit, String out, String err, long millis) {

    boolean ok() {
      return exit == 0;
    }

    Result orFail() {
      if (exit != 0) {
        throw new IllegalStateException(toString());
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " -> exit " + exit + " after " + millis + " ms\nstdout: " + tail(out)
          + "\nstderr: " + tail(err);
    }

    private static String tail(String text) {
      return text.length() <= 4000 ? text.strip() : "…" + text.substring(text.length() - 4000).strip();
    }
  }

  /** A command with the project's containers.conf, its output read whole. */
  static Result run(List<String> command, Path containersConf, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.environment().put("CONTAINERS_CONF", containersConf.toString());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    long started = System.nanoTime();
    try {
      Process process = builder.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, false));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
      }
      return new Result(command, process.exitValue(), out.join(), err.join(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Process process, boolean error) {
    try {
      return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
