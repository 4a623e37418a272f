package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cases of issue #16 where Keygate read ZITADEL's JSON more narrowly than protojson, and protojson's refusals:
 * proto names, enums by number, null, integers as strings, offsets in timestamps, both names of one field,
 * out-of-range and fractional integers, enum numbers outside the enum. Other surfaces keep the strict reading.
 */
class ProtoJsonRequestsTest extends GatewayTest {

  private String project;

  @BeforeAll
  void start() {
    project = gateway.tenants().project(acme, "protojson");
  }

  private Response post(String path, String body) {
    return http.send("POST", path, Http.bearer(acme.pat()), body, "application/json");
  }

  private Response addApp(String body) {
    return post("/management/v1/projects/" + project + "/apps/api", body);
  }

  private String storedAuthMethod(Response created) {
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    Response app = http.get("/management/v1/projects/" + project + "/apps/" + created.json().getString("appId"),
        acme.pat());
    return app.json().getJsonObject("app").getJsonObject("apiConfig")
        .getString("authMethodType", "API_AUTH_METHOD_TYPE_BASIC");
  }

  @Test
  void theProtoNameOfAFieldIsRead() {
    Response created = addApp("{\"name\":\"a2\",\"auth_method_type\":\"API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT\"}");
    assertThat(storedAuthMethod(created)).isEqualTo("API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    assertThat(created.json().containsKey("clientSecret")).as("a key-authenticated app has no secret").isFalse();

    Response instance = http.send("POST", "/system/v1/instances/_create", Http.bearer(TestGateway.SYSTEM_TOKEN),
        "{\"instance_name\":\"Snake\",\"first_org_name\":\"Snake Org\",\"machine\":{\"user_name\":\"bot\","
            + "\"name\":\"Bot\",\"personal_access_token\":{}}}", "application/json");
    assertThat(instance.status()).as(instance.toString()).isEqualTo(200);
    assertThat(instance.json().getString("pat")).isNotBlank();
    Response read = http.get("/system/v1/instances/" + instance.json().getString("instanceId"),
        TestGateway.SYSTEM_TOKEN);
    assertThat(read.json().getJsonObject("instance").getString("name")).isEqualTo("Snake");
  }

  @Test
  void enumsByNumberAndNullAsUnset() {
    assertThat(storedAuthMethod(addApp("{\"name\":\"by-number\",\"authMethodType\":1}")))
        .isEqualTo("API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    assertThat(storedAuthMethod(addApp("{\"name\":\"by-zero\",\"authMethodType\":0}")))
        .isEqualTo("API_AUTH_METHOD_TYPE_BASIC");
    Response unset = addApp("{\"name\":\"null-method\",\"authMethodType\":null}");
    assertThat(storedAuthMethod(unset)).isEqualTo("API_AUTH_METHOD_TYPE_BASIC");
    assertThat(unset.json().getString("clientSecret")).matches("[A-Za-z0-9]{64}");
    Response user = post("/management/v1/users/machine",
        "{\"userName\":\"jwt-bot\",\"name\":\"Bot\",\"description\":null,\"accessTokenType\":1}");
    assertThat(user.status()).as(user.toString()).isEqualTo(200);
    Response read = http.get("/management/v1/users/" + user.json().getString("userId"), acme.pat());
    assertThat(read.json().getJsonObject("user").getJsonObject("machine").getString("accessTokenType"))
        .isEqualTo("ACCESS_TOKEN_TYPE_JWT");
  }

  @Test
  void listQueryIntegersAsNumbersOrStrings() {
    String search = "/management/v1/projects/_search";
    for (String query : new String[] {"{\"offset\":0,\"limit\":5}", "{\"offset\":\"0\",\"limit\":\"5\"}",
        "{\"offset\":0.0,\"limit\":5e0}", "{\"offset\":null,\"limit\":5,\"asc\":null}"}) {
      Response response = post(search, "{\"query\":" + query + "}");
      assertThat(response.status()).as(query + " " + response).isEqualTo(200);
      assertThat(response.json().getJsonObject("details").getString("totalResult")).isNotNull();
    }
    Response limited = post(search, "{\"query\":{\"limit\":\"1\"}}");
    assertThat(limited.json().getJsonArray("result")).hasSize(1);
  }

  @Test
  void integersOutOfRangeOrFractionalAreRefusedAsProtojsonRefusesThem() {
    String search = "/management/v1/projects/_search";
    assertPlainError(post(search, "{\"query\":{\"limit\":4294967296}}"), 400, 3,
        "proto: invalid value for uint32 field limit: 4294967296");
    assertPlainError(post(search, "{\"query\":{\"limit\":-1}}"), 400, 3,
        "proto: invalid value for uint32 field limit: -1");
    assertPlainError(post(search, "{\"query\":{\"limit\":2.5}}"), 400, 3,
        "proto: invalid value for uint32 field limit: 2.5");
    assertPlainError(post(search, "{\"query\":{\"offset\":\"1.5\"}}"), 400, 3,
        "proto: invalid value for uint64 field offset: \"1.5\"");
    assertPlainError(post(search, "{\"query\":{\"offset\":-1}}"), 400, 3,
        "proto: invalid value for uint64 field offset: -1");
    assertPlainError(post(search, "{\"query\":{\"limit\":\"5000\"}}"), 400, 3,
        "invalid ListProjectsRequest.Query: embedded message failed validation | caused by: "
            + "invalid ListQuery.Limit: value must be less than or equal to 1000");
  }

  @Test
  void enumNumbersOutsideTheEnumAreRefusedAsTheValidatorRefusesThem() {
    assertPlainError(addApp("{\"name\":\"x\",\"auth_method_type\":7}"), 400, 3,
        "invalid AddAPIAppRequest.AuthMethodType: value must be one of the defined enum values");
    assertPlainError(post("/management/v1/users/machine",
        "{\"user_name\":\"n\",\"name\":\"N\",\"access_token_type\":-1}"),
        400, 3, "invalid AddMachineUserRequest.AccessTokenType: value must be one of the defined enum values");
    String user = gateway.tenants().machineUser(acme, "keyholder");
    assertPlainError(post("/management/v1/users/" + user + "/keys", "{\"type\":0}"), 400, 3,
        "invalid AddKeyRequest.Type: value must not be in list [KEY_TYPE_UNSPECIFIED]");
    assertPlainError(post("/management/v1/users/" + user + "/keys", "{\"type\":3}"), 400, 3,
        "invalid AddKeyRequest.Type: value must be one of the defined enum values");
    assertPlainError(addApp("{\"name\":\"x\",\"authMethodType\":1.5}"), 400, 3,
        "proto: invalid value for enum field authMethodType: 1.5");
    // a number past a double's range (found by the contract fuzzer: it was a 500)
    Response huge = addApp("{\"name\":\"x\",\"authMethodType\":1e400}");
    assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
    assertThat(huge.json().getInteger("code")).isEqualTo(3);
  }

  @Test
  void validationMessagesNameTheGoFieldWhicheverNameWasSent() {
    assertPlainError(addApp("{\"name\":\"\",\"auth_method_type\":1}"), 400, 3,
        "invalid AddAPIAppRequest.Name: value length must be between 1 and 200 runes, inclusive");
    assertPlainError(post("/management/v1/users/machine", "{\"user_name\":\"\",\"name\":\"N\"}"), 400, 3,
        "invalid AddMachineUserRequest.UserName: value length must be between 1 and 200 runes, inclusive");
    assertPlainError(addApp("{\"name\":\"x\",\"auth_method_type\":\"FOO\"}"), 400, 3,
        "invalid AddAPIAppRequest.AuthMethodType: value must be one of the defined enum values");
    assertPlainError(post("/management/v1/orgs/me/members", "{\"user_id\":\"1\",\"roles\":[1]}"), 400, 3,
        "proto: invalid value for string field roles: 1");
  }

  /** A repeated key stays malformed JSON at the edge, before authentication, with protojson's words. */
  @Test
  void bothNamesOfOneFieldAreRefused() {
    assertPlainError(
        addApp("{\"name\":\"x\",\"authMethodType\":\"API_AUTH_METHOD_TYPE_BASIC\",\"auth_method_type\":1}"),
        400, 3, "proto: duplicate field \"auth_method_type\"");
    assertPlainError(addApp("{\"name\":\"x\",\"authMethodType\":null,\"auth_method_type\":null}"),
        400, 3, "proto: duplicate field \"auth_method_type\"");
    Response repeated = http.send("POST", "/management/v1/projects/" + project + "/apps/api", Map.of(),
        "{\"name\":\"x\",\"name\":\"y\"}", "application/json");
    assertPlainError(repeated, 400, 3, "proto: duplicate field \"name\"");
    Response truncated = http.send("POST", "/management/v1/projects", Map.of(), "{\"name\":\"x\",", "application/json");
    assertPlainError(truncated, 400, 3, "proto: syntax error (line 1:13): the request body is not valid JSON");
  }

  @Test
  void timestampsWithAnOffsetAreReadInUtc() {
    String user = gateway.tenants().machineUser(acme, "offset-bot");
    Response key = post("/management/v1/users/" + user + "/keys",
        "{\"type\":1,\"expiration_date\":\"2099-01-01T02:00:00+02:00\"}");
    assertThat(key.status()).as(key.toString()).isEqualTo(200);
    JsonObject file = new JsonObject(new String(Base64.getDecoder().decode(key.json().getString("keyDetails"))));
    assertThat(file.getString("expirationDate")).isEqualTo("2099-01-01T00:00:00Z");
    assertPlainError(post("/management/v1/users/" + user + "/pats", "{\"expirationDate\":\"2099-01-01t00:00:00z\"}"),
        400, 3, "proto: invalid google.protobuf.Timestamp value \"2099-01-01t00:00:00z\"");
  }

  @Test
  void otherSurfacesKeepTheStrictReading() {
    Response ecosystem = http.send("POST", "/api/ecosystems", Map.of("authorization", acme.pat()), null, null);
    assertThat(ecosystem.status()).as(ecosystem.toString()).isEqualTo(200);
    String id = ecosystem.json().getString("id");
    Response camel = http.send("POST", "/api/clients", Map.of("authorization", acme.pat()),
        new JsonObject().put("ecosystemId", id).put("type", "server").encode(), "application/json");
    assertThat(camel.status()).as(camel.toString()).isEqualTo(201);
    Response snake = http.send("POST", "/api/clients", Map.of("authorization", acme.pat()),
        new JsonObject().put("ecosystem_id", id).put("type", "server").encode(), "application/json");
    assertThat(snake.status()).as("Droplit reads its JSON names only: %s", snake).isEqualTo(400);
    Response nullName = http.send("POST", "/api/clients", Map.of("authorization", acme.pat()),
        new JsonObject().put("ecosystemId", id).put("type", "server").putNull("name").encode(), "application/json");
    assertThat(nullName.status()).as("null is no unset field on Droplit: %s", nullName).isEqualTo(400);
    Response repeated = http.send("POST", "/api/clients", Map.of("authorization", acme.pat()),
        "{\"ecosystemId\":\"" + id + "\",\"type\":\"server\",\"type\":\"server\"}", "application/json");
    assertThat(repeated.status()).isEqualTo(400);
    assertThat(repeated.body()).as("Droplit's own malformed-JSON answer").doesNotContain("proto:");
  }
}
