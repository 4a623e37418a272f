package dev.keygate.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the outside tools some tests drive (node scripts, npm installs into {@code target/}), with a time limit, and
 * says whether an npm install failed only because the registry cannot be reached, the one reason such a test skips.
 */
public final class ExternalTools {

  private static final Pattern NPM_UNREACHABLE = Pattern.compile("ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT"
      + "|ECONNRESET|ENETUNREACH|network");

  /** A finished command: its exit code ({@code -1} when it timed out) and everything it printed. */
  public record Result(int exitCode, String output) {}

  private ExternalTools() {}

  public static Result run(List<String> command, Path directory, long seconds) throws IOException,
      InterruptedException {
    return run(command, directory, seconds, Map.of());
  }

  /** The same with these variables added to the environment (e.g. {@code NODE_EXTRA_CA_CERTS}). */
  public static Result run(List<String> command, Path directory, long seconds, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    // read in the background, so that a hanging process still times out
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process is gone: what was read is all there is
      }
    });
    reader.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      reader.join(5000);
      return new Result(-1, "timed out after " + seconds + " s: " + String.join(" ", command) + "\n" + output);
    }
    reader.join();
    return new Result(process.exitValue(), output.toString());
  }

  /**
   * An npm package at the version the build pins ({@code name@version}): the root pom.xml's property {@code property},
   * which surefire hands to the tests; no version is written twice.
   */
  public static String pinned(String name, String property) {
    String version = System.getProperty(property);
    if (version == null || version.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set: run the tests through Maven, "
          + "which takes it from the root pom.xml");
    }
    return name + "@" + version;
  }

  /** {@code npm install} of the packages into {@code tools} (its {@code node_modules}), within 10 minutes. */
  public static Result npmInstall(Path tools, List<String> packages) throws IOException, InterruptedException {
    Files.createDirectories(tools);
    List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix",
        tools.toAbsolutePath().toString()));
    command.addAll(packages);
    return run(command, tools, 600);
  }

  /** Whether a failed npm install failed because the registry is out of reach. */
  public static boolean registryUnreachable(Result install) {
    return install.exitCode() != 0 && NPM_UNREACHABLE.matcher(install.output()).find();
  }
}
