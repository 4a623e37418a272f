package dev.keygate.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every contract passes {@code @redocly/cli lint} (recommended rules) with no error. Redocly is installed from npm
 * into {@code target/tools} at its pinned version on first use; a machine without npm fails here, on purpose.
 */
class ContractLintTest {

  private static final Path OPENAPI_DIR = Path.of(System.getProperty("openapi.dir", "src/main/resources/openapi"));
  private static final Path TOOLS_DIR = Path.of(System.getProperty("tools.dir", "target/tools"));
  /** The root pom.xml's {@code redocly.version}, handed on by surefire (api-spec/pom.xml). */
  private static final String VERSION = System.getProperty("redocly.version");
  private static Path redocly;

  @BeforeAll
  static void installRedocly() throws Exception {
    assertNotNull(VERSION, "system property redocly.version is not set: run the tests through Maven");
    redocly = TOOLS_DIR.resolve("node_modules/.bin/redocly");
    if (!Files.isExecutable(redocly)) {
      Files.createDirectories(TOOLS_DIR);
      Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", TOOLS_DIR.toString(),
          "@redocly/cli@" + VERSION), 300);
      assertEquals(0, install.exitCode, () -> "npm install @redocly/cli failed:\n" + install.output);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyContractLintsWithoutErrors() throws IOException {
    List<Path> contracts;
    try (Stream<Path> files = Files.list(OPENAPI_DIR)) {
      contracts = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(contracts.isEmpty(), "no contracts found in " + OPENAPI_DIR);
    return contracts.stream().map(contract -> DynamicTest.dynamicTest(contract.getFileName().toString(), () -> {
      Result lint = run(List.of(redocly.toString(), "lint", contract.toString(), "--format=stylish"), 120);
      assertEquals(0, lint.exitCode, () -> "redocly lint reported errors:\n" + lint.output);
    }));
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("NO_UPDATE_NOTIFIER", "1");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
