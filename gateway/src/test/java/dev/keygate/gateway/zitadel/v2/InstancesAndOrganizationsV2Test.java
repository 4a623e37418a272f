package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static dev.keygate.gateway.zitadel.v2.Connect.assertPlainConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code zitadel.instance.v2.InstanceService} and {@code zitadel.org.v2.OrganizationService}. */
class InstancesAndOrganizationsV2Test extends GatewayTest {

  private static final String INSTANCES = "zitadel.instance.v2.InstanceService/";
  private static final String ORGS = "zitadel.org.v2.OrganizationService/";

  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  @Test
  void anInstanceReadsItselfAndOnlyItself() {
    JsonObject instance = connect.ok(INSTANCES + "GetInstance", acme.pat(), new JsonObject()).getJsonObject("instance");
    assertThat(instance.getString("id")).isEqualTo(acme.instanceId());
    assertThat(instance.getString("name")).isEqualTo("acme");
    assertThat(instance.getJsonArray("customDomains").getJsonObject(0).getString("domain")).isEqualTo(acme.domain());

    Tenants.Tenant other = gateway.tenants().create("other-v2-instance");
    assertConnectError(connect.call(INSTANCES + "GetInstance", acme.pat(), new JsonObject()
        .put("instanceId", other.instanceId())), 403, "permission_denied", "No matching permissions found",
        "AUTH-5mWD2");
  }

  @Test
  void listingAndDeletingInstancesTakeTheSystemToken() {
    Tenants.Tenant doomed = gateway.tenants().create("doomed-v2-instance");
    JsonObject page = connect.ok(INSTANCES + "ListInstances", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("pagination", new JsonObject().put("limit", 1000)));
    assertThat(page.getJsonArray("instances").stream().map(i -> ((JsonObject) i).getString("id")))
        .contains(acme.instanceId(), doomed.instanceId());
    assertConnectError(connect.call(INSTANCES + "ListInstances", acme.pat(), new JsonObject()), 401,
        "unauthenticated", "Errors.Token.Invalid", "AUTH-7fs1e");

    connect.ok(INSTANCES + "DeleteInstance", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceId", doomed.instanceId()));
    assertThat(http.get("/system/v1/instances/" + doomed.instanceId(), TestGateway.SYSTEM_TOKEN).status())
        .isEqualTo(404);
  }

  @Test
  void anOrganizationIsAddedListedAndItsNameIsUnique() {
    JsonObject added = connect.ok(ORGS + "AddOrganization", acme.pat(), new JsonObject().put("name", "subsidiary"));
    String orgId = added.getString("organizationId");
    assertThat(orgId).matches("[0-9]{18,19}");

    JsonObject page = connect.ok(ORGS + "ListOrganizations", acme.pat(), new JsonObject());
    assertThat(page.getJsonArray("result").stream().map(o -> ((JsonObject) o).getString("id")))
        .contains(orgId, acme.orgId());

    assertConnectError(connect.call(ORGS + "AddOrganization", acme.pat(), new JsonObject().put("name", "subsidiary")),
        409, "already_exists", "Errors.Org.AlreadyExisting", "KEYGATE-org409");

    // the instance owner acts in the new organization by naming it; v1 reads it there with x-zitadel-orgid
    JsonObject project = connect.ok("zitadel.project.v2.ProjectService/CreateProject", acme.pat(), new JsonObject()
        .put("organizationId", orgId).put("name", "in-subsidiary"));
    Map<String, String> inSubsidiary = Http.bearer(acme.pat());
    inSubsidiary.put("x-zitadel-orgid", orgId);
    Response read = http.send("GET", "/management/v1/projects/" + project.getString("projectId"), inSubsidiary, null,
        null);
    assertThat(read.json().getJsonObject("project").getJsonObject("details").getString("resourceOwner"))
        .isEqualTo(orgId);
    assertThat(http.get("/management/v1/projects/" + project.getString("projectId"), acme.pat()).status())
        .as("not in the caller's own organization").isEqualTo(404);
  }

  @Test
  void unknownProceduresAndOtherMethodsAnswerInConnectsShape() {
    assertPlainConnectError(connect.call("zitadel.user.v2.UserService/NoSuchMethod", acme.pat(), new JsonObject()),
        404, "unimplemented", null);
    Response get = http.send("GET", "/" + ORGS + "ListOrganizations", Http.bearer(acme.pat()),
        null, null);
    assertPlainConnectError(get, 405, "unimplemented", null);
    assertThat(get.header("allow")).isEqualTo("POST");
    assertPlainConnectError(http.send("POST", "/" + ORGS + "ListOrganizations",
        Http.bearer(acme.pat()), "{\"query\": ", "application/json"), 400,
        "invalid_argument", null);
  }
}
