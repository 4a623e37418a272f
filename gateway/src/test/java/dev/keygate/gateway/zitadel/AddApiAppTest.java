package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /management/v1/projects/{projectId}/apps/api}: the seed, and every row of its error matrix. */
class AddApiAppTest extends GatewayTest {

  private String project;

  @BeforeAll
  void start() {
    project = gateway.tenants().project(acme, "billing");
  }

  private String path(String projectId) {
    return "/management/v1/projects/" + projectId + "/apps/api";
  }

  private Response create(JsonObject body) {
    return http.post(path(project), acme.pat(), body);
  }

  @Test
  void basicAppGetsIdsAndASecretShownOnce() {
    Response response = create(new JsonObject().put("name", "invoices"));

    assertThat(response.status()).isEqualTo(200);
    JsonObject json = response.json();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("appId", "details", "clientId", "clientSecret");
    assertThat(json.getString("appId")).matches("[0-9]{18}");
    assertThat(json.getString("clientId")).matches("[0-9]{18}").isNotEqualTo(json.getString("appId"));
    assertThat(json.getString("clientSecret")).matches("[A-Za-z0-9]{64}");
    JsonObject details = json.getJsonObject("details");
    assertThat(details.fieldNames()).containsExactlyInAnyOrder("sequence", "creationDate", "resourceOwner");
    assertThat(details.getString("resourceOwner")).isEqualTo(acme.orgId());
    assertThat(details.getString("creationDate")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3,9})?Z");

    Response read = http.get("/management/v1/projects/" + project + "/apps/" + json.getString("appId"), acme.pat());
    assertThat(read.body()).doesNotContain(json.getString("clientSecret"));
    assertThat(read.json().getJsonObject("app").getJsonObject("apiConfig").getString("clientId"))
        .isEqualTo(json.getString("clientId"));
  }

  @Test
  void privateKeyJwtAppHasNoSecretField() {
    Response response = create(new JsonObject().put("name", "jwt-app")
        .put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().fieldNames()).containsExactlyInAnyOrder("appId", "details", "clientId");
  }

  @Test
  void explicitBasicIsTheDefault() {
    Response response = create(new JsonObject().put("name", "basic-explicit")
        .put("authMethodType", "API_AUTH_METHOD_TYPE_BASIC"));

    assertThat(response.json().getString("clientSecret")).hasSize(64);
  }

  @Test
  void sequenceGrowsWithEveryAppOfTheProject() {
    String own = gateway.tenants().project(acme, "sequenced");
    long first = Long.parseLong(gateway.tenants().apiApp(acme, own, "a").getJsonObject("details")
        .getString("sequence"));
    long second = Long.parseLong(gateway.tenants().apiApp(acme, own, "b").getJsonObject("details")
        .getString("sequence"));

    assertThat(first).isEqualTo(2); // project.added = 1
    assertThat(second).isEqualTo(3);
  }

  @Test
  void nameOfTwoHundredCodePointsIsValidAndOneMoreIsNot() {
    String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units
    assertThat(create(new JsonObject().put("name", emoji.repeat(200))).status()).isEqualTo(200);
    assertPlainError(create(new JsonObject().put("name", emoji.repeat(201))), 400, 3,
        "invalid AddAPIAppRequest.Name: value length must be between 1 and 200 runes, inclusive");
    assertPlainError(create(new JsonObject().put("name", "x".repeat(201))), 400, 3,
        "invalid AddAPIAppRequest.Name: value length must be between 1 and 200 runes, inclusive");
  }

  @Test
  void missingOrEmptyNameIsRejected() {
    String message = "invalid AddAPIAppRequest.Name: value length must be between 1 and 200 runes, inclusive";
    assertPlainError(create(new JsonObject().put("name", "")), 400, 3, message);
    assertPlainError(create(new JsonObject()), 400, 3, message);
    assertPlainError(http.send("POST", path(project), Http.bearer(acme.pat()), null, null), 400, 3, message);
  }

  @Test
  void unknownEnumNameIsRejectedUnlikeZitadel() {
    assertPlainError(create(new JsonObject().put("name", "x").put("authMethodType", "FOO")), 400, 3,
        "invalid AddAPIAppRequest.AuthMethodType: value must be one of the defined enum values");
  }

  @Test
  void enumNumberOutsideTheEnumAndWrongTypesAreRejected() {
    assertPlainError(create(new JsonObject().put("name", "x").put("authMethodType", 7)), 400, 3,
        "invalid AddAPIAppRequest.AuthMethodType: value must be one of the defined enum values");
    assertPlainError(create(new JsonObject().put("name", "x").put("authMethodType", 1.5)), 400, 3,
        "proto: invalid value for enum field authMethodType: 1.5");
    assertPlainError(create(new JsonObject().put("name", 5)), 400, 3,
        "proto: invalid value for string field name: 5");
  }

  @Test
  void malformedJsonIsTheFirstErrorEvenWithoutAuthentication() {
    Response response = http.send("POST", path(project), Map.of(), "{\"name\":", "application/json");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getInteger("code")).isEqualTo(3);
    assertThat(response.json().getString("message")).startsWith("proto: syntax error");
  }

  @Test
  void wrongContentTypeIsRejected() {
    Response response = http.send("POST", path(project), Http.bearer(acme.pat()), "{\"name\":\"x\"}", "text/plain");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getInteger("code")).isEqualTo(3);
    assertThat(response.json().getString("message")).contains("application/json");
  }

  @Test
  void missingAuthorizationComesBeforeValidation() {
    assertPlainError(http.post(path(project), null, new JsonObject().put("name", "")), 401, 16, "auth header missing");
  }

  @Test
  void nonBearerAuthorizationIsInvalid() {
    Response response = http.send("POST", path(project), Map.of("authorization", "Basic YTpi"),
        "{\"name\":\"x\"}", "application/json");
    assertError(response, 401, 16, "invalid auth header", "AUTH-toLo1");
  }

  @Test
  void unknownTokenIsInvalid() {
    assertError(http.post(path(project), "not-a-token", new JsonObject().put("name", "x")), 401, 16,
        "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  @Test
  void unknownOrganizationHeaderIsForbidden() {
    Map<String, String> headers = Http.bearer(acme.pat());
    headers.put("x-zitadel-orgid", "123456789012345678");
    assertError(http.send("POST", path(project), headers, "{\"name\":\"x\"}", "application/json"), 403, 7,
        "Organisation doesn't exist", "AUTH-Bs7Ds");
  }

  @Test
  void anOverlongPathIdIsAValidationErrorWithTheContractsBounds() {
    assertPlainError(http.get("/management/v1/projects/" + "9".repeat(201), acme.pat()), 400, 3,
        "invalid path parameter id: value length must be between 1 and 200 runes, inclusive");
  }

  @Test
  void theOrganizationHeaderIsCheckedBeforeItsLength() {
    Map<String, String> headers = Http.bearer(acme.pat());
    headers.put("x-zitadel-orgid", "9".repeat(201));
    // the organization is checked before validation: an unknown one is 403 whatever its length
    assertError(http.send("POST", path(project), headers, "{\"name\":\"x\"}", "application/json"), 403, 7,
        "Organisation doesn't exist", "AUTH-Bs7Ds");
    headers.put("x-zitadel-orgid", acme.orgId());
    assertThat(http.send("POST", path(project), headers, "{\"name\":\"with-header\"}", "application/json").status())
        .isEqualTo(200);
  }

  @Test
  void callerWithoutMembershipGetsMembershipNotFound() {
    String machine = gateway.tenants().machineUser(acme, "no-membership");
    String pat = http.post("/management/v1/users/" + machine + "/pats", acme.pat(), new JsonObject())
        .json().getString("token");

    assertError(http.post(path(project), pat, new JsonObject().put("name", "x")), 404, 5,
        "membership not found", "AUTHZ-cdgFk");
  }

  @Test
  void membershipWithoutTheAppPermissionIsForbidden() {
    String userManager = gateway.tenants().memberPat(acme, "user-manager", "ORG_USER_MANAGER");
    String projectCreator = gateway.tenants().memberPat(acme, "project-creator", "ORG_PROJECT_CREATOR");

    assertError(http.post(path(project), userManager, new JsonObject().put("name", "x")), 403, 7,
        "No matching permissions found", "AUTH-5mWD2");
    // a project creator can create projects, yet not apps, not even in its new project
    String own = http.post("/management/v1/projects", projectCreator, new JsonObject().put("name", "mine")).json()
        .getString("id");
    assertError(http.post(path(own), projectCreator, new JsonObject().put("name", "x")), 403, 7,
        "No matching permissions found", "AUTH-5mWD2");
    // the permission check comes before validation
    assertError(http.post(path(project), userManager, new JsonObject().put("name", "")), 403, 7,
        "No matching permissions found", "AUTH-5mWD2");
  }

  @Test
  void unknownRemovedOrForeignProjectIsAFailedPrecondition() {
    Tenants.Tenant other = gateway.tenants().create("other");
    String foreign = gateway.tenants().project(other, "theirs");
    String removed = gateway.tenants().project(acme, "short-lived");
    assertThat(http.delete("/management/v1/projects/" + removed, acme.pat()).status()).isEqualTo(200);

    for (String projectId : List.of("123456789012345678", foreign, removed)) {
      assertError(http.post(path(projectId), acme.pat(), new JsonObject().put("name", "x")), 400, 9,
          "Project not found", "COMMAND-EbFMN");
    }
  }

  @Test
  void duplicateNameInTheSameProjectConflictsButNotInAnother() {
    assertThat(create(new JsonObject().put("name", "dup")).status()).isEqualTo(200);
    assertError(create(new JsonObject().put("name", "dup")), 409, 6, "Application already exists", "V3-DKcYh");

    String another = gateway.tenants().project(acme, "another");
    assertThat(http.post(path(another), acme.pat(), new JsonObject().put("name", "dup")).status()).isEqualTo(200);
  }

  @Test
  void fiftyParallelCreatesOfOneNameHaveExactlyOneWinner() {
    String contested = gateway.tenants().project(acme, "contested");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      statuses.add(CompletableFuture.supplyAsync(() -> http.post(path(contested), acme.pat(),
          new JsonObject().put("name", "same")).status(), pool));
    }
    List<Integer> results = statuses.stream().map(CompletableFuture::join).toList();
    pool.shutdown();

    assertThat(results).filteredOn(s -> s == 200).hasSize(1);
    assertThat(results).filteredOn(s -> s == 409).hasSize(49);
  }

  @Test
  void bodyOverTheLimitIsRejectedInZitadelFormat() {
    String huge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    Response response = http.send("POST", path(project), Http.bearer(acme.pat()), huge, "application/json");
    assertPlainError(response, 413, 8, "request body too large");
  }

  @Test
  void unknownFieldsAreIgnoredLikeProtojson() {
    assertThat(create(new JsonObject().put("name", "tolerant").put("somethingNew", true)).status()).isEqualTo(200);
  }
}
