package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ZITADEL's REST mappings of the v2 and v2beta methods, the paths its docs show and a curl user copies: each is the
 * Connect operation of the same method (same checks, same objects), read as grpc-gateway reads a request, with
 * errors in grpc-gateway's shape as on v1's REST paths.
 */
class RestMappingsV2Test extends GatewayTest {

  private static void assertGatewayError(Response response, int status, int code, boolean withDetail) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    JsonObject error = response.json();
    assertThat(error.getValue("code")).as(response.toString()).isEqualTo(code);
    JsonArray details = error.getJsonArray("details");
    if (withDetail) {
      JsonObject detail = details.getJsonObject(0);
      assertThat(detail.getString("@type")).isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
      assertThat(error.getString("message")).isEqualTo(detail.getString("message") + " (" + detail.getString("id")
          + ")");
    } else {
      assertThat(details == null || details.isEmpty()).as(response.toString()).isTrue();
    }
  }

  @Test
  void projectsAndApplicationsOnV2betaPaths() {
    Response project = http.post("/v2beta/projects", acme.pat(), new JsonObject()
        .put("organizationId", acme.orgId()).put("name", "rest-v2beta"));
    assertThat(project.status()).as(project.toString()).isEqualTo(200);
    String projectId = project.json().getString("id");
    assertThat(http.get("/v2beta/projects/" + projectId, acme.pat()).json().getJsonObject("project")
        .getString("name")).isEqualTo("rest-v2beta");
    JsonArray listed = http.post("/v2beta/projects/search", acme.pat(), new JsonObject()).json()
        .getJsonArray("projects");
    assertThat(listed.stream().map(p -> ((JsonObject) p).getString("id"))).contains(projectId);

    Response app = http.post("/v2beta/applications", acme.pat(), new JsonObject().put("projectId", projectId)
        .put("name", "rest-api").put("apiRequest", new JsonObject().put("authMethodType",
            "API_AUTH_METHOD_TYPE_BASIC")));
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    String appId = app.json().getString("appId");
    String firstSecret = app.json().getJsonObject("apiResponse").getString("clientSecret");
    Response regenerated = http.post("/v2beta/applications/" + appId + "/generate_client_secret", acme.pat(),
        new JsonObject().put("projectId", projectId).put("isApi", true));
    assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
    assertThat(regenerated.json().getString("clientSecret")).matches("[A-Za-z0-9]{64}").isNotEqualTo(firstSecret);
    assertThat(http.get("/v2beta/applications/" + appId, acme.pat()).json().getJsonObject("app")
        .getString("name")).isEqualTo("rest-api");
    // the object is v1's too
    assertThat(http.get("/management/v1/projects/" + projectId + "/apps/" + appId, acme.pat()).status())
        .isEqualTo(200);

    Response deleted = http.delete("/v2beta/applications/" + appId + "?projectId=" + projectId, acme.pat());
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertGatewayError(http.get("/v2beta/applications/" + appId, acme.pat()), 404, 5, true);
    assertThat(http.delete("/v2beta/projects/" + projectId, acme.pat()).status()).isEqualTo(200);
  }

  @Test
  void machineUsersAndTheirSecretOnV2Paths() {
    Response created = http.post("/v2/users/new", acme.pat(), new JsonObject().put("organizationId", acme.orgId())
        .put("username", "rest-svc").put("machine", new JsonObject().put("name", "REST service")));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String userId = created.json().getString("id");
    assertThat(http.get("/v2/users/" + userId, acme.pat()).json().getJsonObject("user").getString("username"))
        .isEqualTo("rest-svc");
    Response secret = http.post("/v2/users/" + userId + "/secret", acme.pat(), new JsonObject());
    assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
    assertThat(secret.json().getString("clientSecret")).matches("[A-Za-z0-9]{64}");
    assertThat(http.delete("/v2/users/" + userId + "/secret", acme.pat()).status()).isEqualTo(200);
    JsonArray users = http.post("/v2/users", acme.pat(), new JsonObject()).json().getJsonArray("result");
    assertThat(users.stream().map(u -> ((JsonObject) u).getString("userId"))).contains(userId);

    assertThat(http.delete("/v2/users/" + userId, acme.pat()).status()).isEqualTo(200);
    assertGatewayError(http.get("/v2/users/" + userId, acme.pat()), 404, 5, true);
  }

  @Test
  void organizationsOnV2Paths() {
    Response added = http.post("/v2/organizations", acme.pat(), new JsonObject().put("name", "rest-org"));
    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    JsonArray orgs = http.post("/v2/organizations/_search", acme.pat(), new JsonObject()).json()
        .getJsonArray("result");
    assertThat(orgs.stream().map(o -> ((JsonObject) o).getString("id")))
        .contains(added.json().getString("organizationId"));
  }

  @Test
  void errorsAreGrpcGatewaysShape() {
    assertGatewayError(http.get("/v2/users/123456789012345678", null), 401, 16, false);
    assertGatewayError(http.post("/v2beta/projects", acme.pat(), new JsonObject()
        .put("organizationId", acme.orgId()).put("name", "")), 400, 3, false);
    assertGatewayError(http.post("/v2beta/projects", acme.pat(), new JsonObject()
        .put("organizationId", acme.orgId()).put("name", "x".repeat(201))), 400, 3, false);
    assertGatewayError(http.get("/v2/users/123456789012345678", acme.pat()), 404, 5, true);
    assertGatewayError(http.get("/v2/nothing/here", acme.pat()), 404, 5, false);
    assertGatewayError(http.put("/v2/users/123456789012345678", acme.pat(), new JsonObject()), 405, 12, false);
    assertGatewayError(http.send("POST", "/v2/organizations", Map.of("authorization", "Bearer " + acme.pat()),
        "[1, 2]", "application/json"), 400, 3, false);
  }
}
