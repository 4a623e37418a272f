package dev.keygate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Creates tenants and their objects through the public API only, as a user would. */
public final class Tenants {

  /** An instance with a machine owner (IAM_OWNER) and the owner's PAT. */
  public record Tenant(String instanceId, String orgId, String pat, String domain) {}

  private final Http http;

  public Tenants(Http http) {
    this.http = http;
  }

  public Tenant create(String name) {
    Response created = http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", name)
        .put("machine", new JsonObject().put("userName", "owner").put("name", "Owner")
            .put("personalAccessToken", new JsonObject())));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String instanceId = created.json().getString("instanceId");
    Response instance = http.get("/system/v1/instances/" + instanceId, TestGateway.SYSTEM_TOKEN);
    String domain = instance.json().getJsonObject("instance").getJsonArray("domains").getJsonObject(0)
        .getString("domain");
    return new Tenant(instanceId, created.json().getJsonObject("details").getString("resourceOwner"),
        created.json().getString("pat"), domain);
  }

  public String project(Tenant tenant, String name) {
    Response response = http.post("/management/v1/projects", tenant.pat(), new JsonObject().put("name", name));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getString("id");
  }

  public JsonObject apiApp(Tenant tenant, String projectId, String name) {
    Response response = http.post("/management/v1/projects/" + projectId + "/apps/api", tenant.pat(),
        new JsonObject().put("name", name));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  public String machineUser(Tenant tenant, String userName) {
    return machineUser(tenant, userName, "ACCESS_TOKEN_TYPE_BEARER");
  }

  /** A machine user whose access tokens are of this type ({@code ACCESS_TOKEN_TYPE_BEARER} or {@code _JWT}). */
  public String machineUser(Tenant tenant, String userName, String accessTokenType) {
    Response response = http.post("/management/v1/users/machine", tenant.pat(), new JsonObject()
        .put("userName", userName).put("name", "Machine " + userName).put("accessTokenType", accessTokenType));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getString("userId");
  }

  /** A machine user who is a member of the tenant's organization with these roles, and a PAT of it. */
  public String memberPat(Tenant tenant, String userName, String... roles) {
    String userId = machineUser(tenant, userName);
    Response member = http.post("/management/v1/orgs/me/members", tenant.pat(), new JsonObject()
        .put("userId", userId).put("roles", new JsonArray(List.of((Object[]) roles))));
    assertThat(member.status()).as(member.toString()).isEqualTo(200);
    Response pat = http.post("/management/v1/users/" + userId + "/pats", tenant.pat(), new JsonObject());
    assertThat(pat.status()).as(pat.toString()).isEqualTo(200);
    return pat.json().getString("token");
  }

  public String humanUser(Tenant tenant, String userName) {
    Response response = http.post("/management/v1/users/human", tenant.pat(), new JsonObject()
        .put("userName", userName)
        .put("profile", new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace"))
        .put("email", new JsonObject().put("email", userName + "@example.com"))
        .put("initialPassword", "Correct-Horse-9"));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getString("userId");
  }
}
