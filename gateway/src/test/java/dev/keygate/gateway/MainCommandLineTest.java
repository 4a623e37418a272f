package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a newcomer first tries it, in a process of its own: {@code --help} and {@code -h} print the
 * usage to standard output and exit 0, {@code --version} the version; an argument Keygate does not know gets the
 * usage on standard error and exit code 2. None of them starts a server.
 */
class MainCommandLineTest {

  @TempDir
  Path dir;

  /** What a finished child process printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  @Test
  void helpPrintsWhatKeygateIsItsOptionsAndWhereEverySettingIsThenExitsZero() throws Exception {
    for (String flag : List.of("--help", "-h")) {
      Run run = run(List.of(), flag);

      assertThat(run.exitCode()).as(flag).isZero();
      assertThat(run.err()).as(flag).isEmpty();
      assertThat(run.out()).as(flag)
          .startsWith("Keygate " + BuildInfo.version() + ": a self-hosted service that issues API credentials")
          .contains("usage: java -jar keygate.jar [--config FILE]", "--version", "KEYGATE_HTTP_PORT",
              "KEYGATE_STORE", "memory (forgets everything on restart) or postgres (default memory)",
              "KEYGATE_PG_URI", "KEYGATE_SYSTEM_TOKEN", "KEYGATE_WARMUP", "the Configuration table of README.md")
          .doesNotContain("listening on port", "KEYGATE_JAVA_OPTS");
    }
  }

  @Test
  void helpWinsOverTheOtherArgumentsAndNamesTheScriptThatStartedIt() throws Exception {
    Run run = run(List.of("-D" + Usage.COMMAND_PROPERTY + "=bin/keygate"), "--config", "absent.json", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("usage: bin/keygate [--config FILE]", "bin/keygate --help | --version",
        "KEYGATE_JAVA_OPTS");
  }

  @Test
  void versionPrintsTheVersionAndExitsZero() throws Exception {
    Run run = run(List.of(), "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(BuildInfo.version()).isNotEqualTo("unknown");
    assertThat(run.out()).isEqualTo("Keygate " + BuildInfo.version() + "\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void anUnknownArgumentGetsTheUsageOnStandardErrorAndExitCode2() throws Exception {
    for (List<String> args : List.of(List.of("--port", "9090"), List.of("--config"), List.of("--config", "a", "b"))) {
      Run run = run(List.of(), args.toArray(String[]::new));

      assertThat(run.exitCode()).as("%s", args).isEqualTo(2);
      assertThat(run.out()).as("%s", args).isEmpty();
      assertThat(run.err()).as("%s", args).startsWith("keygate: ")
          .contains("usage: java -jar keygate.jar [--config FILE]");
    }
    assertThat(run(List.of(), "--port", "9090").err()).startsWith("keygate: unknown argument --port\n");
    assertThat(run(List.of(), "--config").err()).startsWith("keygate: --config needs a FILE\n");
  }

  /** Output to files, not pipes: nothing has to read while the child runs. */
  private Run run(List<String> systemProperties, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(systemProperties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("KEYGATE_"));
    // were the arguments ignored, the server would start here, not on a port another build uses
    builder.environment().put("KEYGATE_HTTP_PORT", "0");
    builder.environment().put("KEYGATE_MANAGEMENT_PORT", "0");
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s exits by itself", List.of(args)).isTrue();
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }
}
