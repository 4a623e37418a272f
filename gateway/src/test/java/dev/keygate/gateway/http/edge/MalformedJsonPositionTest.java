package dev.keygate.gateway.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body whose JSON breaks in the middle of its third line is answered, on each surface in its own shape, with that
 * line and the column of the character that broke it, not with the first line's first character.
 */
class MalformedJsonPositionTest extends GatewayTest {

  @Test
  void zitadelSaysWhereAsProtojsonDoes() {
    String body = """
        {
          "name": "billing",
          "projectRoleAssertion": tru,
          "hasProjectCheck": false
        }""";

    Response answer = http.send("POST", "/management/v1/projects", Http.bearer(acme.pat()), body, "application/json");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json()).isEqualTo(new JsonObject().put("code", 3)
        .put("message", "proto: syntax error (line 3:27): the request body is not valid JSON"));
  }

  @Test
  void theSystemApiToo() {
    String body = """
        {
          "instanceName": "Acme"
          "machine": {"userName": "admin", "name": "Admin"}
        }""";

    Response answer = http.send("POST", "/system/v1/instances/_create", Http.bearer(TestGateway.SYSTEM_TOKEN), body,
        "application/json");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getString("message"))
        .isEqualTo("proto: syntax error (line 3:3): the request body is not valid JSON");
  }

  @Test
  void droplitSaysWhereInAFirstParameterOfBodyParametersMissing() {
    String ecosystem = http.send("POST", "/api/ecosystems", Map.of("authorization", acme.pat()), null, null).json()
        .getString("id");
    String body = """
        {
          "ecosystemId": "%s",
          "type": "server",,
          "name": "edge"
        }""".formatted(ecosystem);

    Response answer = http.send("POST", "/api/clients", Map.of("authorization", acme.pat()), body,
        "application/json");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getString("message")).isEqualTo("Body Parameters Missing");
    JsonArray parameters = answer.json().getJsonArray("parameters");
    assertThat(parameters.getJsonObject(0)).isEqualTo(new JsonObject().put("name", "body").put("in", "body")
        .put("reason", "invalid").put("value", "syntax error at line 3, column 20"));
    assertThat(parameters.stream().skip(1).map(p -> ((JsonObject) p).getString("name")))
        .containsExactly("ecosystemId", "type");
    assertThat(answer.json().getJsonArray("required")).containsExactly("ecosystemId", "type");
  }

  @Test
  void oracleSaysWhereInTheMessageOfItsErrorModel() {
    String body = """
        {
          "name": "storefront-sync",
          "type": "application",
          "lifetimeDays": 30 30
        }""";

    Response answer = http.send("POST", "/ccadmin/v1/applicationIds", Http.bearer(oracleAdmin()), body,
        "application/json");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json()).isEqualTo(new JsonObject().put("errorCode", "20009")
        .put("message", "The request body is not valid JSON: syntax error at line 4, column 22.")
        .put("status", "400"));
  }

  /** An access token of a human owner of an instance of its own, logged in with a password on its host. */
  private String oracleAdmin() {
    Response created = http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", "shop")
        .put("human", new JsonObject().put("userName", "amber")
            .put("email", new JsonObject().put("email", "amber@example.com").put("isEmailVerified", true))
            .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
            .put("password", new JsonObject().put("password", "Correct-Horse-9"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String host = http.get("/system/v1/instances/" + created.json().getString("instanceId"), TestGateway.SYSTEM_TOKEN)
        .json().getJsonObject("instance").getJsonArray("domains").getJsonObject(0).getString("domain");
    Response login = http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", host),
        Map.of("grant_type", "password", "username", "amber", "password", "Correct-Horse-9"));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login.json().getString("access_token");
  }
}
