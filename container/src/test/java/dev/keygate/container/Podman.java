package dev.keygate.container;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line with the module's {@code containers.conf} (runc, capped rlimits), as a user types it: every
 * call is one process, its output read whole.
 */
final class Podman {

  /** What a command did. */
  record Result(List<String> command, int exit, String out, String err, long millis) {

    boolean ok() {
      return exit == 0;
    }

    Result orFail() {
      if (exit != 0) {
        throw new IllegalStateException(this.toString());
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

  private final Path containersConf;

  Podman(Path containersConf) {
    this.containersConf = containersConf;
  }

  Path containersConf() {
    return containersConf;
  }

  /** {@code podman exec name command…}. */
  Result exec(Duration timeout, String name, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", name));
    args.addAll(List.of(command));
    return podman(timeout, args.toArray(String[]::new));
  }

  /** What {@code podman container inspect} says of one container. */
  JsonObject inspect(Duration timeout, String name) {
    return new JsonArray(podman(timeout, "container", "inspect", name).orFail().out()).getJsonObject(0);
  }

  /** The container's output, standard output then standard error. */
  String logs(Duration timeout, String name) {
    Result logs = podman(timeout, "logs", name);
    return logs.out() + logs.err();
  }

  /** The health check's status in what {@link #inspect} returned (podman 4.3 names it Healthcheck, later Health). */
  static String health(JsonObject inspected) {
    JsonObject state = inspected.getJsonObject("State");
    return state.getJsonObject("Health", state.getJsonObject("Healthcheck", new JsonObject())).getString("Status");
  }

  Result podman(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add("podman");
    command.addAll(List.of(args));
    return run(command, timeout, Map.of());
  }

  Result run(List<String> command, Duration timeout, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CONTAINERS_CONF", containersConf.toString());
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    long started = System.nanoTime();
    try {
      Process process = builder.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, false));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout + "\nstdout: "
            + out.getNow("") + "\nstderr: " + err.getNow(""));
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

  /** Whether an executable of this name is on the PATH. */
  static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
