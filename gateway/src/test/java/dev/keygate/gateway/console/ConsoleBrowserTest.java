package dev.keygate.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.BrowserTools;
import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console in a real browser, on the store of the run: Debian's Chromium driven by playwright-core
 * ({@code browser/console-in-chromium.js}) signs in by keyboard through a deep link, creates a project and an API
 * app, copies its secret (shown once, gone from the DOM afterwards), rotates it with an overlap and ends the overlap,
 * adds and deletes a key, pages and searches 122 apps with back and forward, makes a machine user with a secret and a
 * PAT, a Droplit client with a token, an Oracle Commerce application ID, reads the audit trail, signs out, lists the
 * instances with the system token, and meets a read-only user. Every secret it made is then used at Keygate's OAuth
 * and API endpoints by the script, outside the browser. axe-core checks every screen in light and dark; any console
 * error, CSP violation or request to another origin fails the test. Screenshots land in {@code target/browser/}.
 */
class ConsoleBrowserTest extends GatewayTest {

  private static final Path SHOTS = Path.of("target/browser").toAbsolutePath();

  private BrowserTools.Installed chromium;
  private BrowserTools.Installed playwright;
  private BrowserTools.Installed axe;

  @Override
  protected JsonObject configuration() {
    // the last use of a credential shows within a tenth of a second, so the page shows it without a long wait
    return new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 100);
  }

  // a first install (apt may take 15 minutes, npm 10) takes longer than a test method may
  @BeforeAll
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void install() throws Exception {
    chromium = BrowserTools.chromium();
    playwright = BrowserTools.playwright();
    axe = BrowserTools.axe();
  }

  @Test
  void everyScreensMainFlowWorksInChromiumAndPassesAxe() throws Exception {
    String unreachable = chromium.unreachable() != null ? chromium.unreachable()
        : playwright.unreachable() != null ? playwright.unreachable() : axe.unreachable();
    if (unreachable != null) {
      System.out.println("SKIPPED ConsoleBrowserTest: " + unreachable);
    }
    assumeTrue(unreachable == null, () -> "SKIPPED: " + unreachable);
    Files.createDirectories(SHOTS);
    String viewer = gateway.tenants().memberPat(acme, "auditor", "ORG_OWNER_VIEWER");
    Path script = Path.of(getClass().getResource("/browser/console-in-chromium.js").toURI());

    ExternalTools.Result run = ExternalTools.run(List.of("node", script.toString(), playwright.path().toString(),
        axe.path().resolve("axe.min.js").toString(), http.base(), SHOTS.toString(), TestGateway.SYSTEM_TOKEN,
        acme.pat(), viewer), Path.of("."), 600);

    assertThat(run.exitCode()).as("the browser run:%n%s", run.output()).isZero();
    JsonObject seen = new JsonObject(run.output().lines().filter(l -> l.startsWith("BROWSER_RESULT "))
        .findFirst().orElseThrow(() -> new AssertionError("no result:\n" + run.output()))
        .substring("BROWSER_RESULT ".length()));
    assertThat(seen.getString("error")).as("the run stopped at").isNull();
    Map<String, Object> failed = new TreeMap<>();
    seen.getJsonObject("checks").forEach(check -> {
      if (!Boolean.TRUE.equals(check.getValue())) {
        failed.put(check.getKey(), check.getValue());
      }
    });
    assertThat(failed).as("checks of the flows").isEmpty();
    assertThat(seen.getJsonObject("checks").size()).as("checks made").isGreaterThanOrEqualTo(30);

    Map<String, Object> violations = new TreeMap<>();
    seen.getJsonObject("axe").forEach(screen -> {
      if (!((JsonArray) screen.getValue()).isEmpty()) {
        violations.put(screen.getKey(), screen.getValue());
      }
    });
    assertThat(violations).as("axe's serious and critical violations by screen").isEmpty();
    assertThat(seen.getJsonObject("axe").fieldNames()).as("screens axe checked")
        .contains("sign-in", "projects", "project", "app", "secret-dialog", "machine-users", "machine-user",
            "droplit-ecosystem", "droplit-client", "oracle", "audit", "organizations", "instances", "app-dark",
            "audit-dark", "instances-dark");

    assertThat(seen.getJsonArray("consoleErrors")).as("console errors").isEmpty();
    assertThat(seen.getJsonArray("pageErrors")).as("uncaught errors").isEmpty();
    assertThat(seen.getJsonArray("cspViolations")).as("CSP violations").isEmpty();
    assertThat(seen.getJsonArray("foreignRequests")).as("requests to other origins").isEmpty();
    assertThat(seen.getJsonArray("failedRequests")).as("failed requests").isEmpty();
    // the refusals the flows provoke on purpose, and nothing else: the system token is no user's (sign-in then tries
    // it as the system token), a duplicate name, a forced write without the permission
    assertThat(seen.getJsonArray("refusedRequests")).as("answers of 400 and above").containsExactlyInAnyOrder(
        "401 GET /auth/v1/users/me",
        "409 POST /zitadel.application.v2.ApplicationService/CreateApplication",
        "403 POST /zitadel.application.v2.ApplicationService/CreateApplication");

    // the script's own word that the copied secret works, checked once more from here
    JsonObject app = seen.getJsonObject("app");
    String basic = Base64.getEncoder().encodeToString((app.getString("clientId") + ":" + app.getString("secret"))
        .getBytes(StandardCharsets.UTF_8));
    Response refused = http.send("POST", "/oauth/v2/introspect", Map.of("authorization", "Basic " + basic), "token=x",
        "application/x-www-form-urlencoded");
    assertThat(refused.status()).as("the first secret after the overlap ended: %s", refused).isEqualTo(400);
    assertThat(refused.json().getString("error")).as("ZITADEL's answer to a wrong introspection secret")
        .isEqualTo("unauthorized_client");
    for (Object file : seen.getJsonArray("screenshots")) {
      assertThat(Path.of((String) file)).isRegularFile();
      assertThat(Files.size(Path.of((String) file))).as("bytes of %s", file).isGreaterThan(10_000);
    }
  }
}
