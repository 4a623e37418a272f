package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Instance A's credentials never reach, change or reveal instance B's objects. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
class TenantIsolationTest {

  private TestGateway gateway;
  private Http http;
  private Tenants.Tenant a;
  private Tenants.Tenant b;
  private String bProject;
  private String bApp;
  private String bUser;

  @BeforeAll
  void start() {
    gateway = TestGateway.start();
    http = gateway.http();
    a = gateway.tenants().create("tenant-a");
    b = gateway.tenants().create("tenant-b");
    bProject = gateway.tenants().project(b, "secret-project");
    bApp = gateway.tenants().apiApp(b, bProject, "secret-app").getString("appId");
    bUser = gateway.tenants().machineUser(b, "secret-user");
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void aPatOfInstanceAGetsNothingOfInstanceB() {
    String project = "/management/v1/projects/" + bProject;
    String app = project + "/apps/" + bApp;
    String user = "/management/v1/users/" + bUser;
    List<Response> attempts = List.of(
        http.get(project, a.pat()),
        http.delete(project, a.pat()),
        http.post(project + "/apps/api", a.pat(), new JsonObject().put("name", "intruder")),
        http.post(project + "/apps/_search", a.pat(), new JsonObject()),
        http.get(app, a.pat()),
        http.delete(app, a.pat()),
        http.post(app + "/api_config/_generate_client_secret", a.pat(), null),
        http.get(user, a.pat()),
        http.delete(user, a.pat()),
        http.put(user + "/secret", a.pat(), null),
        http.delete(user + "/secret", a.pat()),
        http.post(user + "/pats", a.pat(), new JsonObject()));

    for (Response attempt : attempts) {
      assertThat(attempt.status()).as(attempt.toString()).isBetween(400, 499);
      assertThat(attempt.body()).doesNotContain("secret-project", "secret-app", "secret-user");
    }
    // and B's objects are untouched
    assertThat(http.get(project, b.pat()).status()).isEqualTo(200);
    assertThat(http.get(app, b.pat()).status()).isEqualTo(200);
    assertThat(http.get(user, b.pat()).json().getJsonObject("user").getJsonObject("machine").containsKey("hasSecret"))
        .isFalse();
  }

  @Test
  void listingsShowOnlyTheCallersOwnObjects() {
    JsonObject page = http.post("/management/v1/projects/_search", a.pat(), new JsonObject()).json();
    assertThat(page.encode()).doesNotContain(bProject);
  }

  @Test
  void anOrganizationOfAnotherInstanceDoesNotExistForTheCaller() {
    Map<String, String> headers = Http.bearer(a.pat());
    headers.put("x-zitadel-orgid", b.orgId());
    assertError(http.send("POST", "/management/v1/projects", headers, "{\"name\":\"x\"}", "application/json"), 403, 7,
        "Organisation doesn't exist", "AUTH-Bs7Ds");
  }

  @Test
  void aTokenPresentedOnAnotherInstancesDomainIsRefused() {
    Map<String, String> onB = Http.bearer(a.pat());
    onB.put("x-zitadel-instance-host", b.domain() + ":8080");
    assertError(http.send("POST", "/management/v1/projects/_search", onB, "{}", "application/json"), 401, 16,
        "Errors.Token.Invalid", "AUTH-7fs1e");

    Map<String, String> onA = Http.bearer(a.pat());
    onA.put("x-zitadel-instance-host", a.domain());
    assertThat(http.send("POST", "/management/v1/projects/_search", onA, "{}", "application/json").status())
        .isEqualTo(200);
  }
}
