package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static dev.keygate.gateway.zitadel.v2.Connect.assertPlainConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code zitadel.project.v2.ProjectService} and its v2beta twin, on the same projects as v1. */
class ProjectsV2Test extends GatewayTest {

  private static final String V2 = "zitadel.project.v2.ProjectService/";
  private static final String BETA = "zitadel.project.v2beta.ProjectService/";

  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  private JsonObject inAcme() {
    return new JsonObject().put("organizationId", acme.orgId());
  }

  @Test
  void aProjectCreatedOnV2ReadsTheSameOnV2AndV1() {
    JsonObject created = connect.ok(V2 + "CreateProject", acme.pat(), new JsonObject()
        .put("organizationId", acme.orgId()).put("name", "billing").put("projectRoleAssertion", true));
    String id = created.getString("projectId");
    assertThat(id).matches("[0-9]{18,19}");
    assertThat(created.getString("creationDate")).isNotBlank();

    JsonObject project = connect.ok(V2 + "GetProject", acme.pat(), new JsonObject().put("projectId", id))
        .getJsonObject("project");
    assertThat(project.getString("projectId")).isEqualTo(id);
    assertThat(project.getString("organizationId")).isEqualTo(acme.orgId());
    assertThat(project.getString("name")).isEqualTo("billing");
    assertThat(project.getString("state")).isEqualTo("PROJECT_STATE_ACTIVE");
    assertThat(project.getBoolean("projectRoleAssertion")).isTrue();
    assertThat(project.containsKey("authorizationRequired")).as("false is omitted, as protojson does").isFalse();
    assertThat(project.getString("creationDate")).isEqualTo(created.getString("creationDate"));

    JsonObject v1 = http.get("/management/v1/projects/" + id, acme.pat()).json().getJsonObject("project");
    assertThat(v1.getString("name")).isEqualTo("billing");
    assertThat(v1.getJsonObject("details").getString("creationDate")).isEqualTo(project.getString("creationDate"));
  }

  @Test
  void aProjectCreatedOnV1IsListedAndDeletedOnV2() {
    String id = gateway.tenants().project(acme, "from-v1");

    JsonObject page = connect.ok(V2 + "ListProjects", acme.pat(), new JsonObject()
        .put("pagination", new JsonObject().put("asc", true).put("limit", 1000)));
    assertThat(page.getJsonObject("pagination").getString("totalResult")).matches("[0-9]+");
    assertThat(page.getJsonArray("projects").stream().map(p -> ((JsonObject) p).getString("projectId")))
        .contains(id);

    JsonObject deleted = connect.ok(V2 + "DeleteProject", acme.pat(), new JsonObject().put("projectId", id));
    assertThat(deleted.getString("deletionDate")).isNotBlank();
    assertThat(http.get("/management/v1/projects/" + id, acme.pat()).status()).isEqualTo(404);
    assertConnectError(connect.call(V2 + "GetProject", acme.pat(), new JsonObject().put("projectId", id)), 404,
        "not_found", "Project not found", "QUERY-Sfmb2");
    // deleting what is gone already succeeds, as ZITADEL's v2 does, without a deletion date
    assertThat(connect.ok(V2 + "DeleteProject", acme.pat(), new JsonObject().put("projectId", id)).isEmpty())
        .isTrue();
  }

  @Test
  void theBetaServiceNamesTheIdId() {
    JsonObject created = connect.ok(BETA + "CreateProject", acme.pat(), new JsonObject()
        .put("organizationId", acme.orgId()).put("name", "beta-project"));
    String id = created.getString("id");
    assertThat(created.containsKey("projectId")).isFalse();

    JsonObject project = connect.ok(BETA + "GetProject", acme.pat(), new JsonObject().put("id", id))
        .getJsonObject("project");
    assertThat(project.getString("id")).isEqualTo(id);
    assertThat(connect.ok(V2 + "GetProject", acme.pat(), new JsonObject().put("projectId", id))
        .getJsonObject("project").getString("name")).isEqualTo("beta-project");
  }

  @Test
  void namesAreValidatedInCodePoints() {
    assertPlainConnectError(connect.call(V2 + "CreateProject", acme.pat(), inAcme().put("name", "")), 400,
        "invalid_argument", "invalid CreateProjectRequest.Name: value length must be between 1 and 200 runes, "
            + "inclusive");
    String twoHundred = "é".repeat(200);
    assertThat(connect.call(V2 + "CreateProject", acme.pat(), inAcme().put("name", twoHundred)).status())
        .isEqualTo(200);
    assertPlainConnectError(connect.call(V2 + "CreateProject", acme.pat(),
        inAcme().put("name", twoHundred + "é")), 400, "invalid_argument", null);
  }

  @Test
  void anotherTenantsProjectIsNotFound() {
    Tenants.Tenant other = gateway.tenants().create("other-v2-projects");
    String theirs = gateway.tenants().project(other, "theirs");

    assertConnectError(connect.call(V2 + "GetProject", acme.pat(), new JsonObject().put("projectId", theirs)), 404,
        "not_found", "Project not found", "QUERY-Sfmb2");
    assertConnectError(connect.call(V2 + "CreateProject", acme.pat(), new JsonObject()
            .put("organizationId", other.orgId()).put("name", "intrusion")), 403, "permission_denied",
        "Organisation doesn't exist", "AUTH-Bs7Ds");
  }

  @Test
  void aCallerWithoutThePermissionIsRefused() {
    String manager = gateway.tenants().memberPat(acme, "v2-user-manager", "ORG_USER_MANAGER");

    assertConnectError(connect.call(V2 + "CreateProject", manager, inAcme().put("name", "nope")), 403,
        "permission_denied", "No matching permissions found", "AUTH-5mWD2");
  }

  @Test
  void aChosenIdIsRefusedNotIgnored() {
    assertPlainConnectError(connect.call(V2 + "CreateProject", acme.pat(), inAcme().put("name", "mine")
        .put("projectId", "my-own-id")), 501, "unimplemented", null);
  }
}
