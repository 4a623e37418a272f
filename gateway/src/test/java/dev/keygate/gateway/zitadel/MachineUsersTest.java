package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Machine users, {@code PUT /management/v1/users/{userId}/secret} (the seed) with its matrix, and PATs. */
class MachineUsersTest extends GatewayTest {

  private final TestClock clock = new TestClock();

  @Override
  protected Clock clock() {
    return clock;
  }

  private Response secret(String userId, String token) {
    return http.put("/management/v1/users/" + userId + "/secret", token, null);
  }

  @Test
  void secretIsShownOnceWithTheLoginNameAsClientId() {
    String user = gateway.tenants().machineUser(acme, "billing-bot");

    Response response = secret(user, acme.pat());

    assertThat(response.status()).isEqualTo(200);
    JsonObject json = response.json();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("clientId", "clientSecret", "details");
    assertThat(json.getString("clientId")).isEqualTo("billing-bot");
    assertThat(json.getString("clientSecret")).matches("[A-Za-z0-9]{64}");
    assertThat(json.getJsonObject("details").fieldNames()).containsExactlyInAnyOrder("sequence", "creationDate",
        "resourceOwner");
    Response read = http.get("/management/v1/users/" + user, acme.pat());
    assertThat(read.body()).doesNotContain(json.getString("clientSecret"));
    assertThat(read.json().getJsonObject("user").getJsonObject("machine").getBoolean("hasSecret")).isTrue();
  }

  @Test
  void aNewSecretReplacesTheOldOneAndGrowsTheSequence() {
    String user = gateway.tenants().machineUser(acme, "rotating");
    JsonObject first = secret(user, acme.pat()).json();
    JsonObject second = secret(user, acme.pat()).json();

    assertThat(second.getString("clientSecret")).isNotEqualTo(first.getString("clientSecret"));
    assertThat(Long.parseLong(second.getJsonObject("details").getString("sequence")))
        .isGreaterThan(Long.parseLong(first.getJsonObject("details").getString("sequence")));
  }

  @Test
  void anEmptyJsonBodyIsAcceptedToo() {
    String user = gateway.tenants().machineUser(acme, "empty-body");
    assertThat(http.put("/management/v1/users/" + user + "/secret", acme.pat(), new JsonObject()).status())
        .isEqualTo(200);
  }

  @Test
  void unknownUserIsNotFound() {
    assertError(secret("123456789012345678", acme.pat()), 404, 5, "User could not be found", "QUERY-Dfbg2");
  }

  @Test
  void aHumanHasNoMachineSecret() {
    String human = gateway.tenants().humanUser(acme, "ada");
    assertError(secret(human, acme.pat()), 400, 9, "Errors.User.NotExisting", "COMMAND-x8910n");
    assertError(http.post("/management/v1/users/" + human + "/pats", acme.pat(), new JsonObject()), 400, 9,
        "Errors.User.NotExisting", "COMMAND-x8910n");
    JsonObject read = http.get("/management/v1/users/" + human, acme.pat()).json().getJsonObject("user");
    assertThat(read.getJsonObject("human").getJsonObject("profile").getString("firstName")).isEqualTo("Ada");
    assertThat(read.encode()).doesNotContain("Correct-Horse-9").doesNotContain("$2a$");
  }

  @Test
  void secretNeedsAuthenticationAndPermission() {
    String user = gateway.tenants().machineUser(acme, "guarded");
    assertPlainError(secret(user, null), 401, 16, "auth header missing");
    assertError(secret(user, "bogus"), 401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  @Test
  void secretNeedsTheUserWritePermission() {
    String user = gateway.tenants().machineUser(acme, "managed");
    String projectCreator = gateway.tenants().memberPat(acme, "creator-only", "ORG_PROJECT_CREATOR");
    String userManager = gateway.tenants().memberPat(acme, "manager", "ORG_USER_MANAGER");

    assertError(secret(user, projectCreator), 403, 7, "No matching permissions found", "AUTH-5mWD2");
    assertThat(secret(user, userManager).status()).isEqualTo(200);
  }

  @Test
  void membershipsAreValidatedAndAddedOnce() {
    String user = gateway.tenants().machineUser(acme, "member-once");
    String members = "/management/v1/orgs/me/members";
    Response added = http.post(members, acme.pat(), new JsonObject().put("userId", user)
        .put("roles", new JsonArray().add("ORG_USER_MANAGER")));
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.json().getJsonObject("details").getString("resourceOwner")).isEqualTo(acme.orgId());

    assertError(http.post(members, acme.pat(), new JsonObject().put("userId", user)
            .put("roles", new JsonArray().add("ORG_OWNER"))), 409, 6,
        "Errors.Org.Member.AlreadyExists", "Org-PtXi1");
    assertError(http.post(members, acme.pat(), new JsonObject().put("userId", "123456789012345678")
            .put("roles", new JsonArray().add("ORG_OWNER"))), 404, 5,
        "User could not be found", "QUERY-Dfbg2");
    assertPlainError(http.post(members, acme.pat(), new JsonObject().put("userId", user)
            .put("roles", new JsonArray().add("IAM_OWNER"))), 400, 3,
        "invalid AddOrgMemberRequest.Roles[0]: value must be one of the defined enum values");
    assertPlainError(http.post(members, acme.pat(), new JsonObject().put("userId", user)
            .put("roles", new JsonArray())), 400, 3,
        "invalid AddOrgMemberRequest.Roles: value must contain at least 1 item(s)");
    // a user manager may not hand out memberships
    String manager = gateway.tenants().memberPat(acme, "not-an-owner", "ORG_USER_MANAGER");
    assertError(http.post(members, manager, new JsonObject().put("userId", user)
            .put("roles", new JsonArray().add("ORG_OWNER"))), 403, 7,
        "No matching permissions found", "AUTH-5mWD2");
  }

  @Test
  void removingTheSecretWorksOnceThenFailsAPrecondition() {
    String user = gateway.tenants().machineUser(acme, "remove-secret");
    secret(user, acme.pat());

    Response removed = http.delete("/management/v1/users/" + user + "/secret", acme.pat());
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.json().getJsonObject("details").containsKey("changeDate")).isTrue();
    assertThat(http.get("/management/v1/users/" + user, acme.pat()).json().getJsonObject("user")
        .getJsonObject("machine").containsKey("hasSecret")).isFalse();
    assertError(http.delete("/management/v1/users/" + user + "/secret", acme.pat()), 400, 9,
        "Errors.User.Machine.Secret.NotExisting", "COMMAND-vaesr");
  }

  @Test
  void machineUserNamesAreUniqueAndValidated() {
    gateway.tenants().machineUser(acme, "unique-name");
    assertError(http.post("/management/v1/users/machine", acme.pat(),
        new JsonObject().put("userName", "unique-name").put("name", "again")), 409, 6, "User already exists",
        "COMMAND-k2unb");
    assertPlainError(http.post("/management/v1/users/machine", acme.pat(), new JsonObject().put("userName", "x")), 400,
        3,
        "invalid AddMachineUserRequest.Name: value length must be between 1 and 200 runes, inclusive");
    assertPlainError(http.post("/management/v1/users/machine", acme.pat(),
            new JsonObject().put("userName", "x").put("name", "y").put("accessTokenType", "OPAQUE")), 400, 3,
        "invalid AddMachineUserRequest.AccessTokenType: value must be one of the defined enum values");
  }

  @Test
  void patsAuthenticateUntilTheirUserIsRemoved() {
    String user = gateway.tenants().machineUser(acme, "pat-holder");
    Response issued = http.post("/management/v1/users/" + user + "/pats", acme.pat(),
        new JsonObject().put("expirationDate", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
    assertThat(issued.status()).isEqualTo(200);
    String pat = issued.json().getString("token");
    assertThat(issued.json().getString("tokenId")).matches("[0-9]{18}");

    // authenticated, but a new machine user holds no membership
    assertError(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")), 404, 5,
        "membership not found", "AUTHZ-cdgFk");

    Response removed = http.delete("/management/v1/users/" + user, acme.pat());
    assertThat(removed.status()).isEqualTo(200);
    assertError(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")), 401, 16,
        "Errors.Token.Invalid", "AUTH-7fs1e");
    assertError(http.get("/management/v1/users/" + user, acme.pat()), 404, 5, "User could not be found", "QUERY-Dfbg2");
  }

  @Test
  void anExpiredPatNoLongerAuthenticatesAndPastExpiryIsRefused() {
    String user = gateway.tenants().machineUser(acme, "short-pat");
    Instant expiry = clock.instant().plusMillis(1500);
    String pat = http.post("/management/v1/users/" + user + "/pats", acme.pat(),
        new JsonObject().put("expirationDate", expiry.toString())).json().getString("token");
    assertError(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")), 404, 5,
        "membership not found", "AUTHZ-cdgFk");
    clock.advance(Duration.ofMillis(1499));
    assertError(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")), 404, 5,
        "membership not found", "AUTHZ-cdgFk");
    clock.advance(Duration.ofMillis(1));
    assertError(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")), 401, 16,
        "Errors.Token.Invalid", "AUTH-7fs1e");

    assertError(http.post("/management/v1/users/" + user + "/pats", acme.pat(),
            new JsonObject().put("expirationDate", clock.instant().minus(1, ChronoUnit.HOURS).toString())), 400, 3,
        "Errors.AuthNKey.ExpireBeforeNow", "DOMAIN-dv3t5");
  }
}
