package dev.keygate.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keygate.gateway.testing.BrowserTools;
import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The docs page in a real browser: Debian's Chromium driven by playwright-core (both installed by the test when
 * missing, see {@link BrowserTools}) opens the landing page of a real Keygate, follows its link to {@code /docs},
 * switches to the ZITADEL management contract, expands AddAPIApp, takes a screenshot
 * ({@code target/browser/docs-zitadel-management.png}, kept as the test's artifact), then creates an app with "Try it
 * out". Skipped, saying why, only when a missing tool's registry (apt's mirrors or npm's) cannot be reached. It runs
 * once: the store does not matter to a page.
 */
@SingleStore
class ApiDocsBrowserTest {

  private static final Path SCREENSHOT = Path.of("target/browser/docs-zitadel-management.png").toAbsolutePath();
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static BrowserTools.Installed chromium;
  private static BrowserTools.Installed playwright;

  // a first install (apt may take 15 minutes, npm 10) takes longer than a test method may
  @BeforeAll
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  static void install() throws Exception {
    chromium = BrowserTools.chromium();
    playwright = BrowserTools.playwright();
  }

  @Test
  void theDocsRenderTheManagementContractAndTryItOutCreatesAnApp() throws Exception {
    String unreachable = chromium.unreachable() != null ? chromium.unreachable() : playwright.unreachable();
    if (unreachable != null) {
      System.out.println("SKIPPED ApiDocsBrowserTest: " + unreachable);
    }
    assumeTrue(unreachable == null, () -> "SKIPPED: " + unreachable);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);
    Path script = Path.of(getClass().getResource("/browser/docs-in-chromium.js").toURI());

    try (TestGateway gateway = TestGateway.start()) {
      Http http = gateway.http();
      Tenants.Tenant acme = gateway.tenants().create("acme");
      String project = gateway.tenants().project(acme, "billing");

      ExternalTools.Result run = ExternalTools.run(List.of("node", script.toString(), playwright.path().toString(),
          http.base(), SCREENSHOT.toString(), acme.pat(), project), Path.of("."), 180);

      assertThat(run.exitCode()).as("the browser run:%n%s", run.output()).isZero();
      JsonObject seen = new JsonObject(run.output().lines().filter(l -> l.startsWith("BROWSER_RESULT "))
          .findFirst().orElseThrow().substring("BROWSER_RESULT ".length()));
      assertThat(seen.getJsonArray("consoleErrors")).as("console errors").isEmpty();
      assertThat(seen.getJsonArray("pageErrors")).as("uncaught errors").isEmpty();
      assertThat(seen.getJsonArray("failedRequests")).as("failed requests").isEmpty();
      assertThat(seen.getJsonArray("foreignRequests")).as("requests to other origins").isEmpty();
      assertThat(seen.getInteger("contractStatus")).as("GET /openapi/zitadel-management.yaml").isEqualTo(200);

      assertThat(seen.getString("landingTitle")).isEqualTo("Keygate");
      assertThat(seen.getInteger("landingRows")).as("surfaces on the landing page").isEqualTo(8);
      List<String> names = http.send("GET", "/", Map.of("accept", "application/json"), null, null).json()
          .getJsonArray("surfaces").stream().map(s -> ((JsonObject) s).getString("name")).toList();
      assertThat(strings(seen, "definitions")).as("the definition selector").isEqualTo(names).hasSize(8);
      assertThat(strings(seen, "operations")).as("the rendered operations")
          .hasSize(operationCount("zitadel-management"))
          .contains("/management/v1/projects/{projectId}/apps/api", "/management/v1/users/machine");
      assertThat(seen.getBoolean("addApiAppExpanded")).isTrue();
      assertThat(seen.getString("deepLinkSelected")).isEqualTo("/openapi/zitadel-management.yaml");

      assertScreenshot();
      assertAppCreatedThroughTheDocs(http, acme, project, seen.getJsonObject("tryItOut"));
    }
  }

  private static void assertAppCreatedThroughTheDocs(Http http, Tenants.Tenant acme, String project,
                                                     JsonObject tryItOut) {
    assertThat(tryItOut.getInteger("status")).as(tryItOut.encode()).isEqualTo(200);
    assertThat(tryItOut.getString("shownStatus")).as("the status the page shows").isEqualTo("200");
    assertThat(tryItOut.getString("url")).isEqualTo(http.base() + "/management/v1/projects/" + project + "/apps/api");
    JsonObject created = tryItOut.getJsonObject("body");
    assertThat(created.getString("clientSecret")).hasSize(64);
    Response app = http.get("/management/v1/projects/" + project + "/apps/" + created.getString("appId"), acme.pat());
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    assertThat(app.json().getJsonObject("app").getString("name")).isEqualTo("from-the-docs");
  }

  /** A PNG, of the page's width, taller than one screen: the selector down to AddAPIApp's request body. */
  private static void assertScreenshot() throws Exception {
    assertThat(SCREENSHOT).as("the screenshot").isRegularFile();
    try (DataInputStream png = new DataInputStream(Files.newInputStream(SCREENSHOT))) {
      byte[] signature = png.readNBytes(8);
      assertThat(Arrays.equals(signature, PNG_SIGNATURE)).as("PNG signature").isTrue();
      png.readInt();
      assertThat(new String(png.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("IHDR");
      assertThat(png.readInt()).as("width").isEqualTo(1280);
      assertThat(png.readInt()).as("height").isGreaterThan(800);
    }
    assertThat(Files.size(SCREENSHOT)).as("bytes of the screenshot").isGreaterThan(50_000);
  }

  private static List<String> strings(JsonObject json, String key) {
    return json.getJsonArray(key).stream().map(String.class::cast).toList();
  }

  private static int operationCount(String surface) throws Exception {
    try (InputStream in = ApiDocsBrowserTest.class.getClassLoader().getResourceAsStream("openapi/" + surface
        + ".yaml")) {
      return (int) new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> line.strip().startsWith("operationId:")).count();
    }
  }
}
