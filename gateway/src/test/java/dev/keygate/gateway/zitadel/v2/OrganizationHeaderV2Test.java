package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organization of a v2 call by id comes from the {@code x-zitadel-orgid} header when the body names none, as
 * ZITADEL's interceptor reads it for every API: an instance owner reaches a project of another organization of its
 * instance; an organization owner naming an organization not its own is refused, whatever the header says.
 */
class OrganizationHeaderV2Test extends GatewayTest {

  private static final String PROJECTS = "zitadel.project.v2.ProjectService/";
  private static final String APPS = "zitadel.application.v2.ApplicationService/";

  private Connect connect;
  private String second;
  private String project;

  @BeforeAll
  void secondOrganization() {
    connect = new Connect(http);
    second = connect.ok("zitadel.org.v2.OrganizationService/AddOrganization", acme.pat(),
        new JsonObject().put("name", "second-org")).getString("organizationId");
    project = connect.ok(PROJECTS + "CreateProject", acme.pat(), new JsonObject().put("organizationId", second)
        .put("name", "elsewhere")).getString("projectId");
  }

  private Response call(String procedure, String token, String orgHeader, JsonObject body) {
    Map<String, String> headers = Http.bearer(token);
    if (orgHeader != null) {
      headers.put("x-zitadel-orgid", orgHeader);
    }
    return http.send("POST", "/" + procedure, headers, body.encode(), "application/json");
  }

  @Test
  void anInstanceOwnerReachesAnotherOrganizationsObjectsByTheHeader() {
    JsonObject byId = new JsonObject().put("projectId", project);
    assertConnectError(call(PROJECTS + "GetProject", acme.pat(), null, byId), 404, "not_found", "Project not found",
        "QUERY-Sfmb2");

    Response found = call(PROJECTS + "GetProject", acme.pat(), second, byId);
    assertThat(found.status()).as(found.toString()).isEqualTo(200);
    assertThat(found.json().getJsonObject("project").getString("organizationId")).isEqualTo(second);
    Response app = call(APPS + "CreateApplication", acme.pat(), second, new JsonObject().put("projectId", project)
        .put("name", "there").put("apiConfiguration", new JsonObject()));
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
  }

  @Test
  void theBodysOrganizationWinsOverTheHeader() {
    Response listed = call(PROJECTS + "ListProjects", acme.pat(), second, new JsonObject());
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    Response created = call(PROJECTS + "CreateProject", acme.pat(), second, new JsonObject()
        .put("organizationId", acme.orgId()).put("name", "at-home"));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    assertThat(connect.ok(PROJECTS + "GetProject", acme.pat(), new JsonObject().put("projectId",
        created.json().getString("projectId"))).getJsonObject("project").getString("organizationId"))
        .isEqualTo(acme.orgId());
  }

  @Test
  void anOrganizationOwnerCannotNameAnotherOrganization() {
    String orgOwner = gateway.tenants().memberPat(acme, "header-org-owner", "ORG_OWNER");
    assertConnectError(call(PROJECTS + "GetProject", orgOwner, second, new JsonObject().put("projectId", project)),
        403, "permission_denied", "No matching permissions found", "AUTH-5mWD2");
  }
}
