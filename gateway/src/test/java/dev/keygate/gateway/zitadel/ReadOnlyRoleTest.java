package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ZITADEL's read-only organization manager, ORG_OWNER_VIEWER, on the store of the run: it reads what an organization
 * owner reads and changes nothing, on the management API and on the v2 services alike.
 */
class ReadOnlyRoleTest extends GatewayTest {

  private String viewer;
  private String project;
  private String app;
  private String bot;

  @BeforeAll
  void aViewerAndSomethingToView() {
    viewer = gateway.tenants().memberPat(acme, "read-only", "ORG_OWNER_VIEWER");
    project = gateway.tenants().project(acme, "viewed");
    app = gateway.tenants().apiApp(acme, project, "viewed-api").getString("appId");
    bot = gateway.tenants().machineUser(acme, "viewed-bot");
  }

  @Test
  void theRoleIsGivenLikeAnyOtherAndKeptByTheStore() {
    String user = gateway.tenants().machineUser(acme, "another-viewer");

    Response added = http.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", user)
        .put("roles", new JsonArray().add("ORG_OWNER_VIEWER")));

    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    String pat = http.post("/management/v1/users/" + user + "/pats", acme.pat(), new JsonObject()).json()
        .getString("token");
    assertThat(http.post("/auth/v1/permissions/zitadel/me/_search", pat, null).json().getJsonArray("result"))
        .containsExactly("org.read", "project.app.read", "project.read", "user.read");
    assertPlainError(http.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", user)
            .put("roles", new JsonArray().add("ORG_OWNER_READER"))), 400, 3,
        "invalid AddOrgMemberRequest.Roles[0]: value must be one of the defined enum values");
  }

  @Test
  void aViewerReadsWhatAnOwnerReads() {
    for (Response read : new Response[] {
        http.get("/management/v1/projects/" + project, viewer),
        http.post("/management/v1/projects/_search", viewer, new JsonObject()),
        http.get("/management/v1/projects/" + project + "/apps/" + app, viewer),
        http.post("/management/v1/projects/" + project + "/apps/_search", viewer, new JsonObject()),
        http.get("/management/v1/projects/" + project + "/apps/" + app + "/api_config/client_secret", viewer),
        http.get("/management/v1/users/" + bot, viewer),
        http.get("/auth/v1/users/me", viewer)}) {
      assertThat(read.status()).as(read.toString()).isEqualTo(200);
    }
    assertThat(http.post("/management/v1/projects/_search", viewer, new JsonObject()).body()).contains(project);
  }

  @Test
  void everyWriteOfAViewerIsRefusedInZitadelsShape() {
    String denied = "No matching permissions found";
    String id = "AUTH-5mWD2";
    assertError(http.post("/management/v1/projects", viewer, new JsonObject().put("name", "nope")), 403, 7, denied,
        id);
    assertError(http.delete("/management/v1/projects/" + project, viewer), 403, 7, denied, id);
    assertError(http.post("/management/v1/projects/" + project + "/apps/api", viewer,
        new JsonObject().put("name", "nope")), 403, 7, denied, id);
    assertError(http.post("/management/v1/projects/" + project + "/apps/" + app
        + "/api_config/_generate_client_secret", viewer, new JsonObject()), 403, 7, denied, id);
    assertError(http.post("/management/v1/users/machine", viewer, new JsonObject().put("userName", "nope")
        .put("name", "Nope")), 403, 7, denied, id);
    assertError(http.put("/management/v1/users/" + bot + "/secret", viewer, null), 403, 7, denied, id);
    assertError(http.post("/management/v1/users/" + bot + "/pats", viewer, new JsonObject()), 403, 7, denied, id);
    assertError(http.post("/management/v1/orgs/me/members", viewer, new JsonObject().put("userId", bot)
        .put("roles", new JsonArray().add("ORG_OWNER"))), 403, 7, denied, id);
    assertError(http.post("/admin/v1/events/_search", viewer, new JsonObject()), 403, 7, denied, id);

    // a v2 write, in Connect's error shape
    Map<String, String> headers = Http.bearer(viewer);
    Response v2 = http.send("POST", "/zitadel.project.v2.ProjectService/CreateProject", headers,
        new JsonObject().put("organizationId", acme.orgId()).put("name", "nope").encode(), "application/json");
    assertThat(v2.status()).as(v2.toString()).isEqualTo(403);
    assertThat(v2.json().getString("code")).isEqualTo("permission_denied");
    assertThat(v2.json().getString("message")).isEqualTo(denied + " (" + id + ")");
    // and nothing was written
    assertThat(http.post("/management/v1/projects/_search", acme.pat(), new JsonObject()).body())
        .doesNotContain("\"nope\"");
    assertThat(http.get("/management/v1/users/" + bot, acme.pat()).json().getJsonObject("user")
        .getJsonObject("machine").containsKey("hasSecret")).isFalse();
  }
}
