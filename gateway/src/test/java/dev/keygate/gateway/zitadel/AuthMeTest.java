package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ZITADEL's auth API: {@code GET /auth/v1/users/me} (GetMyUser) and
 * {@code POST /auth/v1/permissions/zitadel/me/_search} (ListMyZitadelPermissions), on the store of the run.
 */
class AuthMeTest extends GatewayTest {

  private static final String ME = "/auth/v1/users/me";
  private static final String PERMISSIONS = "/auth/v1/permissions/zitadel/me/_search";

  private List<Object> permissions(String token) {
    Response response = http.post(PERMISSIONS, token, null);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getJsonArray("result", new JsonArray()).getList();
  }

  private String patOf(Tenants.Tenant tenant, String userId) {
    return http.post("/management/v1/users/" + userId + "/pats", tenant.pat(), new JsonObject()).json()
        .getString("token");
  }

  @Test
  void theTokensUserIsAnsweredAsGetUserByIdAnswersIt() {
    String bot = gateway.tenants().machineUser(acme, "me-bot");
    String pat = patOf(acme, bot);

    Response me = http.get(ME, pat);

    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.json().fieldNames()).containsExactly("user");
    JsonObject user = me.json().getJsonObject("user");
    assertThat(user).isEqualTo(http.get("/management/v1/users/" + bot, acme.pat()).json().getJsonObject("user"));
    assertThat(user.getString("id")).isEqualTo(bot);
    assertThat(user.getString("userName")).isEqualTo("me-bot");
    assertThat(user.getString("state")).isEqualTo("USER_STATE_ACTIVE");
    assertThat(user.getJsonObject("machine").getString("name")).isEqualTo("Machine me-bot");
    assertThat(user.getJsonObject("details").getString("resourceOwner")).isEqualTo(acme.orgId());
  }

  @Test
  void anAccessTokenIsAnsweredLikeAPat() {
    String bot = gateway.tenants().machineUser(acme, "me-token-bot");
    String secret = http.put("/management/v1/users/" + bot + "/secret", acme.pat(), new JsonObject()).json()
        .getString("clientSecret");
    String token = http.send("POST", "/oauth/v2/token", Map.of("authorization", Http.basic("me-token-bot", secret)
            .get("authorization"), "x-zitadel-instance-host", acme.domain()),
        "grant_type=client_credentials&scope=openid", "application/x-www-form-urlencoded").json()
        .getString("access_token");

    assertThat(http.get(ME, token).json().getJsonObject("user").getString("id")).isEqualTo(bot);
    assertThat(http.post(PERMISSIONS, token, new JsonObject()).body()).isEqualTo("{}");
  }

  @Test
  void thePermissionsAreWhatTheRolesGrantInTheCallersOrganization() {
    assertThat(permissions(acme.pat())).as("an instance owner")
        .contains("events.read", "iam.read", "org.create", "org.read", "org.member.write", "project.create",
            "project.read", "project.delete", "project.app.read", "project.app.write", "project.app.delete",
            "user.read", "user.write", "user.delete")
        .isSorted().doesNotHaveDuplicates();
    assertThat(permissions(gateway.tenants().memberPat(acme, "perm-owner", "ORG_OWNER"))).as("an organization owner")
        .containsExactly("org.member.write", "org.read", "project.app.delete", "project.app.read",
            "project.app.write", "project.create", "project.delete", "project.read", "user.delete", "user.read",
            "user.write");
    assertThat(permissions(gateway.tenants().memberPat(acme, "perm-viewer", "ORG_OWNER_VIEWER")))
        .containsExactly("org.read", "project.app.read", "project.read", "user.read");
    assertThat(permissions(gateway.tenants().memberPat(acme, "perm-two", "ORG_USER_MANAGER", "ORG_PROJECT_CREATOR")))
        .containsExactly("project.create", "user.delete", "user.read", "user.write");
    String nobody = patOf(acme, gateway.tenants().machineUser(acme, "perm-nobody"));
    Response none = http.post(PERMISSIONS, nobody, new JsonObject());
    assertThat(none.body()).as("no membership: protojson omits the empty list").isEqualTo("{}");
    assertThat(http.get(ME, nobody).status()).as("any user may ask who it is").isEqualTo(200);
  }

  @Test
  void eachTenantsTokenAnswersForItsOwnUserOnly() {
    Tenants.Tenant other = gateway.tenants().create("auth-other");

    String mine = http.get(ME, acme.pat()).json().getJsonObject("user").getString("id");
    String theirs = http.get(ME, other.pat()).json().getJsonObject("user").getString("id");

    assertThat(mine).isNotEqualTo(theirs);
    assertThat(http.get("/management/v1/users/" + theirs, acme.pat()).status()).isEqualTo(404);
    // a token on another instance's domain is not valid there
    assertError(http.send("GET", ME, Map.of("authorization", "Bearer " + acme.pat(), "x-zitadel-instance-host",
        other.domain()), null, null), 401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  @Test
  void aMissingOrWrongTokenIsUnauthenticated() {
    for (String path : List.of(ME, PERMISSIONS)) {
      String method = path.equals(ME) ? "GET" : "POST";
      assertPlainError(http.send(method, path, Map.of(), null, null), 401, 16, "auth header missing");
      assertError(http.send(method, path, Http.bearer("not-a-token"), null, null), 401, 16, "Errors.Token.Invalid",
          "AUTH-7fs1e");
      assertError(http.send(method, path, Map.of("authorization", "Basic " + acme.pat()), null, null), 401, 16,
          "invalid auth header", "AUTH-toLo1");
    }
  }

  @Test
  void hostileRequestsAreRefusedAsZitadelRefusesThemNeverWithA5xx() {
    assertPlainError(http.send("POST", PERMISSIONS, Http.bearer(acme.pat()), "{}", "text/plain"), 400, 3,
        "invalid content type: the request body must be application/json");
    assertThat(http.send("POST", PERMISSIONS, Http.bearer(acme.pat()), "{\"x\":", "application/json").json()
        .getString("message")).startsWith("proto: syntax error");
    assertPlainError(http.send("POST", PERMISSIONS, Http.bearer(acme.pat()), "[]", "application/json"), 400, 3,
        "proto: syntax error: the request body must be a JSON object");
    Response bodyOnGet = http.send("GET", ME, Http.bearer(acme.pat()), "{}", "application/json");
    assertThat(bodyOnGet.status()).as(bodyOnGet.toString()).isEqualTo(400);
    assertThat(bodyOnGet.json().getInteger("code")).isEqualTo(3);
    assertThat(http.send("DELETE", ME, Http.bearer(acme.pat()), null, null).status()).isEqualTo(405);
    assertThat(http.get("/auth/v1/users/someone-else", acme.pat()).status()).isEqualTo(404);
    // unknown fields are ignored, as protojson discards them
    assertThat(http.post(PERMISSIONS, acme.pat(), new JsonObject().put("orgId", "x")).status()).isEqualTo(200);
  }
}
