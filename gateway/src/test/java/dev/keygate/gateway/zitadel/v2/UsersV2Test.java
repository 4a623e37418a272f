package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static dev.keygate.gateway.zitadel.v2.Connect.assertPlainConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code zitadel.user.v2.UserService}: machine users, their secret, tokens and keys; the users of v1. */
class UsersV2Test extends GatewayTest {

  private static final String V2 = "zitadel.user.v2.UserService/";
  private static final String SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud";

  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  private JsonObject inAcme() {
    return new JsonObject().put("organizationId", acme.orgId());
  }

  private String machine(String username) {
    return connect.ok(V2 + "CreateUser", acme.pat(), inAcme()
        .put("username", username).put("machine", new JsonObject().put("name", "Bot " + username))).getString("id");
  }

  /** Client credentials as ZITADEL's Java SDK sends them: client_secret_post. */
  private Response token(String clientId, String secret) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", SCOPE);
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    return http.form("/oauth/v2/token", Map.of("accept", "application/json"), form);
  }

  @Test
  void aMachineUserWithASecretGetsTokensUntilTheSecretIsRemoved() {
    String userId = machine("billing-bot-v2");
    JsonObject secret = connect.ok(V2 + "AddSecret", acme.pat(), new JsonObject().put("userId", userId));
    assertThat(secret.getString("clientSecret")).isNotBlank();
    assertThat(secret.getString("creationDate")).isNotBlank();

    Response token = token("billing-bot-v2", secret.getString("clientSecret"));
    assertThat(token.status()).as(token.toString()).isEqualTo(200);
    assertThat(token.json().getString("token_type")).isEqualTo("Bearer");
    assertThat(token.json().getValue("expires_in")).isInstanceOf(Number.class);

    JsonObject user = connect.ok(V2 + "GetUserByID", acme.pat(), new JsonObject().put("userId", userId))
        .getJsonObject("user");
    assertThat(user.getString("userId")).isEqualTo(userId);
    assertThat(user.getString("username")).isEqualTo("billing-bot-v2");
    assertThat(user.getJsonObject("machine").getBoolean("hasSecret")).isTrue();
    assertThat(user.encode()).doesNotContain(secret.getString("clientSecret"));
    JsonObject v1 = http.get("/management/v1/users/" + userId, acme.pat()).json().getJsonObject("user");
    assertThat(v1.getString("userName")).isEqualTo("billing-bot-v2");

    JsonObject removed = connect.ok(V2 + "RemoveSecret", acme.pat(), new JsonObject().put("userId", userId));
    assertThat(removed.getString("deletionDate")).isNotBlank();
    Response refused = token("billing-bot-v2", secret.getString("clientSecret"));
    assertThat(refused.status()).as(refused.toString()).isNotEqualTo(200);
    assertThat(refused.json().getString("error")).isEqualTo("invalid_client");
  }

  @Test
  void personalAccessTokensAreAddedListedAndRemoved() {
    String userId = machine("pat-bot-v2");
    JsonObject added = connect.ok(V2 + "AddPersonalAccessToken", acme.pat(), new JsonObject().put("userId", userId)
        .put("expirationDate", "2099-01-01T00:00:00Z"));
    String token = added.getString("token");
    String tokenId = added.getString("tokenId");
    assertThat(token).isNotBlank();
    // the token authenticates (the bot has no membership yet, so ZITADEL's answer is "membership not found")
    assertConnectError(connect.call(V2 + "ListUsers", token, new JsonObject()), 404, "not_found",
        "membership not found", "AUTHZ-cdgFk");

    JsonObject listed = connect.ok(V2 + "ListPersonalAccessTokens", acme.pat(), new JsonObject().put("filters",
        new JsonArray().add(new JsonObject().put("userIdFilter", new JsonObject().put("id", userId)))));
    assertThat(listed.getJsonArray("result").getJsonObject(0).getString("id")).isEqualTo(tokenId);
    assertThat(listed.encode()).doesNotContain(token);

    connect.ok(V2 + "RemovePersonalAccessToken", acme.pat(), new JsonObject().put("userId", userId)
        .put("tokenId", tokenId));
    assertConnectError(connect.call(V2 + "ListUsers", token, new JsonObject()), 401, "unauthenticated",
        "Errors.Token.Invalid", "AUTH-7fs1e");
    Response again = connect.call(V2 + "RemovePersonalAccessToken", acme.pat(), new JsonObject()
        .put("userId", userId).put("tokenId", tokenId));
    assertThat(again.status()).as("removed or never there").isEqualTo(200);
    assertThat(again.json().containsKey("deletionDate")).isFalse();
  }

  @Test
  void keysAreServiceAccountFilesThatCanBeRemoved() {
    String userId = machine("key-bot-v2");
    JsonObject added = connect.ok(V2 + "AddKey", acme.pat(), new JsonObject().put("userId", userId)
        .put("expirationDate", "2099-01-01T00:00:00Z"));
    JsonObject keyFile = new JsonObject(new String(Base64.getDecoder().decode(added.getString("keyContent")),
        StandardCharsets.UTF_8));
    assertThat(keyFile.getString("type")).isEqualTo("serviceaccount");
    assertThat(keyFile.getString("userId")).isEqualTo(userId);
    assertThat(keyFile.getString("keyId")).isEqualTo(added.getString("keyId"));

    JsonObject listed = connect.ok(V2 + "ListKeys", acme.pat(), new JsonObject().put("filters",
        new JsonArray().add(new JsonObject().put("userIdFilter", new JsonObject().put("id", userId)))));
    assertThat(listed.getJsonArray("result").getJsonObject(0).getString("id")).isEqualTo(added.getString("keyId"));

    connect.ok(V2 + "RemoveKey", acme.pat(), new JsonObject().put("userId", userId)
        .put("keyId", added.getString("keyId")));
    assertThat(connect.ok(V2 + "ListKeys", acme.pat(), new JsonObject().put("filters", new JsonArray()
        .add(new JsonObject().put("userIdFilter", new JsonObject().put("id", userId))))).containsKey("result"))
        .isFalse();
  }

  @Test
  void usersAreListedAndDeleted() {
    String userId = machine("listed-bot-v2");
    JsonObject page = connect.ok(V2 + "ListUsers", acme.pat(), new JsonObject()
        .put("query", new JsonObject().put("limit", 1000)));
    assertThat(page.getJsonArray("result").stream().map(u -> ((JsonObject) u).getString("userId"))).contains(userId);
    assertThat(page.getJsonObject("details").getString("totalResult")).matches("[0-9]+");

    connect.ok(V2 + "DeleteUser", acme.pat(), new JsonObject().put("userId", userId));
    assertConnectError(connect.call(V2 + "GetUserByID", acme.pat(), new JsonObject().put("userId", userId)), 404,
        "not_found", "User could not be found", "QUERY-Dfbg2");
  }

  @Test
  void aTakenUsernameAndAMissingTypeAreRefused() {
    machine("taken-bot-v2");
    assertConnectError(connect.call(V2 + "CreateUser", acme.pat(), inAcme().put("username", "taken-bot-v2")
        .put("machine", new JsonObject().put("name", "again"))), 409, "already_exists", "User already exists",
        "COMMAND-k2unb");
    assertPlainConnectError(connect.call(V2 + "CreateUser", acme.pat(), inAcme().put("username", "typeless")),
        400, "invalid_argument", null);
  }

  @Test
  void theSdksHeadersAreAllItTakes() {
    Map<String, String> headers = Http.bearer(acme.pat());
    headers.put("connect-protocol-version", "1");
    Response withVersion = http.send("POST", "/" + V2 + "ListUsers", headers, "{}", "application/json");
    assertThat(withVersion.status()).isEqualTo(200);

    headers.put("connect-protocol-version", "2");
    assertPlainConnectError(http.send("POST", "/" + V2 + "ListUsers", headers, "{}", "application/json"), 400,
        "invalid_argument", null);
  }
}
