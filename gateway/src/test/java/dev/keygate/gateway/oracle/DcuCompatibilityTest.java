package dev.keygate.gateway.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.ExternalTools.Result;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Oracle's own Design Code Utility, {@code @oraclecc/dcu} from npm (installed here at test time, never vendored), runs
 * its own request code against Keygate: login with an application key, registry, locales, then createApplicationID
 * of type extension, whose id it reads back. Skipped, saying so, only when the npm registry cannot be reached.
 */
@EveryStore
class DcuCompatibilityTest {

  private static final String DCU = ExternalTools.pinned("@oraclecc/dcu", "oracle-dcu.version");
  private static final Path TOOLS = Path.of(System.getProperty("dcu.dir", "target/tools-dcu"));

  private static Path dcu;

  // a first npm install may take minutes (ExternalTools allows it 10), more than a test method may
  @BeforeAll
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  static void install() throws Exception {
    dcu = installDcu();
  }

  /** The installed package's directory; installs it on first use. */
  private static Path installDcu() throws Exception {
    Path module = TOOLS.resolve("node_modules/@oraclecc/dcu").toAbsolutePath();
    if (Files.isRegularFile(module.resolve("src/endPointTransceiver.js"))) {
      return module;
    }
    Result install = ExternalTools.npmInstall(TOOLS, List.of(DCU));
    assumeFalse(ExternalTools.registryUnreachable(install),
        () -> "SKIPPED: the npm registry is unreachable, so " + DCU + " cannot be installed:\n" + install.output());
    assertThat(install.exitCode()).as("npm install %s:%n%s", DCU, install.output()).isZero();
    return module;
  }

  private static Path script() throws IOException {
    Path script = Files.createTempFile("dcu-smoke", ".js");
    try (var in = DcuCompatibilityTest.class.getResourceAsStream("/dcu/dcu-smoke.js")) {
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  @Test
  void dcuLogsInWithAnApplicationKeyAndCreatesAnExtensionId() throws Exception {
    try (TestGateway gateway = TestGateway.start()) {
      Http http = gateway.http();
      Response created = http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
          .put("instanceName", "Shop")
          .put("human", new JsonObject().put("userName", "amber")
              .put("email", new JsonObject().put("email", "amber@example.com"))
              .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
              .put("password", new JsonObject().put("password", "Correct-Horse-9"))));
      String domain = http.get("/system/v1/instances/" + created.json().getString("instanceId"),
          TestGateway.SYSTEM_TOKEN).json().getJsonObject("instance").getJsonArray("domains").getJsonObject(0)
          .getString("domain");
      String admin = http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", domain),
          Map.of("grant_type", "password", "username", "amber", "password", "Correct-Horse-9")).json()
          .getString("access_token");
      String key = http.post("/ccadmin/v1/applicationIds", admin, new JsonObject().put("name", "dcu")
          .put("type", "application")).json().getString("token");

      Result dcuRun = ExternalTools.run(List.of("node", script().toString(), dcu.toString(), http.base(), key), TOOLS,
          120);

      assertThat(dcuRun.exitCode()).as("DCU against Keygate:%n%s", dcuRun.output()).isZero();
      String line = dcuRun.output().lines().filter(l -> l.startsWith("DCU_RESULT ")).findFirst().orElseThrow();
      JsonObject result = new JsonObject(line.substring("DCU_RESULT ".length()));
      assertThat(result.getString("type")).isEqualTo("extension");
      assertThat(result.getString("version")).isEqualTo(RegistryEndpoint.VERSION);
      Response readBack = http.get("/ccadmin/v1/applicationIds/" + result.getString("id") + "?type=extension", admin);
      assertThat(readBack.status()).as(readBack.toString()).isEqualTo(200);
      assertThat(readBack.json().getString("name")).isEqualTo("dcu-extension");
    }
  }
}
