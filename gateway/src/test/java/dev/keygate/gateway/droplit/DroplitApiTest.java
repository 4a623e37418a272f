package dev.keygate.gateway.droplit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Droplit's clients and ecosystems: every named error, the order of checks, each token kind, tenancy. */
class DroplitApiTest extends GatewayTest {

  private static final String JSON = "application/json";
  private String ecosystem;

  @BeforeAll
  void createEcosystem() {
    ecosystem = createEcosystem(acme.pat());
  }

  // ---- helpers

  private static Map<String, String> raw(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("authorization", token);
    }
    return headers;
  }

  private Response call(String method, String path, String token, String body) {
    return http.send(method, path, raw(token), body, body == null ? null : JSON);
  }

  private String createEcosystem(String token) {
    Response response = call("POST", "/api/ecosystems", token, null);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getString("id");
  }

  private JsonObject createClient(String token, String ecosystemId, String type) {
    Response response = call("POST", "/api/clients", token,
        new JsonObject().put("ecosystemId", ecosystemId).put("type", type).encode());
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private String clientToken(String clientId) {
    Response response = call("POST", "/api/clients/" + clientId + "/tokens", acme.pat(), null);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("token");
  }

  private static void assertNamedError(Response response, int status, String error, String message) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.json().getString("error")).as(response.toString()).isEqualTo(error);
    assertThat(response.json().getString("message")).as(response.toString()).isEqualTo(message);
  }

  private static JsonObject onlyParameter(Response response) {
    JsonArray parameters = response.json().getJsonArray("parameters");
    assertThat(parameters).as(response.toString()).hasSize(1);
    return parameters.getJsonObject(0);
  }

  private Response createClientRaw(String query, String body, String contentType) {
    return http.send("POST", "/api/clients" + query, raw(acme.pat()), body, contentType);
  }

  // ---- the seed: create a client

  @Test
  void createdClientHasExactlyTheSixDocumentedKeys() {
    Response response = call("POST", "/api/clients", acme.pat(),
        new JsonObject().put("ecosystemId", ecosystem).put("type", "application").encode());

    assertThat(response.status()).isEqualTo(201);
    JsonObject json = response.json();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("createdAt", "description", "ecosystemId", "id", "name",
        "type");
    assertThat(json.getValue("name")).isNull();
    assertThat(json.getValue("description")).isNull();
    assertThat(json.getString("ecosystemId")).isEqualTo(ecosystem);
    assertThat(json.getString("id")).matches("K[0-9a-f]{24}");
    assertThat(json.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    JsonObject named = call("POST", "/api/clients", acme.pat(), new JsonObject().put("ecosystemId", ecosystem)
        .put("type", "server").put("name", "edge").put("description", "the edge server").encode()).json();
    assertThat(named.getString("name")).isEqualTo("edge");
    assertThat(named.getString("description")).isEqualTo("the edge server");
  }

  @Test
  void anyQueryParameterIsNotAllowed() {
    Response response = createClientRaw("?ecosystemId=" + ecosystem,
        new JsonObject().put("ecosystemId", ecosystem).put("type", "server").encode(), JSON);
    assertNamedError(response, 400, "InvalidParameters", "Query Field Not Allowed");
    assertThat(onlyParameter(response)).isEqualTo(new JsonObject().put("name", "ecosystemId").put("in", "query")
        .put("reason", "notAllowed"));
  }

  @Test
  void missingUnparseableOrWronglyTypedBodiesListBothRequiredParameters() {
    for (Response response : new Response[] {
        createClientRaw("", null, null),
        createClientRaw("", "{\"ecosystemId\":", JSON),
        createClientRaw("", new JsonObject().put("ecosystemId", ecosystem).put("type", "server").encode(),
        "text/plain"),
        createClientRaw("", "[1]", JSON)}) {
      assertNamedError(response, 400, "InvalidParameters", "Body Parameters Missing");
      assertThat(response.json().getJsonArray("required")).containsExactly("ecosystemId", "type");
      // an unparseable body's parameters begin with where its syntax broke (MalformedJsonPositionTest)
      assertThat(response.json().getJsonArray("parameters").stream().map(JsonObject.class::cast)
          .filter(parameter -> parameter.getString("reason").equals("missing"))
          .map(parameter -> parameter.getString("name"))).containsExactly("ecosystemId", "type");
    }
  }

  @Test
  void ecosystemMissing() {
    Response response = createClientRaw("", new JsonObject().put("type", "server").encode(), JSON);
    assertNamedError(response, 400, "InvalidParameters", "Ecosystem Missing");
    assertThat(onlyParameter(response).getString("reason")).isEqualTo("missing");
  }

  @Test
  void ecosystemInvalidWhenMalformedOrNeverExisted() {
    for (String id : new String[] {"C123", "ecosystem", "C0123456789abcdef01234567"}) {
      Response response = createClientRaw("", new JsonObject().put("ecosystemId", id).put("type", "server").encode(),
          JSON);
      assertNamedError(response, 400, "InvalidParameters", "Ecosystem Invalid");
      assertThat(onlyParameter(response)).isEqualTo(new JsonObject().put("name", "ecosystemId").put("in", "body")
          .put("reason", "invalid").put("value", id));
    }
  }

  @Test
  void ecosystemNotFoundOnceDeleted() {
    String doomed = createEcosystem(acme.pat());
    assertThat(call("DELETE", "/api/ecosystems/" + doomed, acme.pat(), null).status()).isEqualTo(200);

    Response response = createClientRaw("", new JsonObject().put("ecosystemId", doomed).put("type", "server").encode(),
        JSON);
    assertNamedError(response, 404, "NotFound", "Ecosystem Not Found");
    assertNamedError(call("GET", "/api/ecosystems/" + doomed, acme.pat(), null), 404, "NotFound",
        "Ecosystem Not Found");
    assertNamedError(call("GET", "/api/clients?ecosystemId=" + doomed, acme.pat(), null), 404, "NotFound",
        "Ecosystem Not Found");
  }

  @Test
  void clientTypeMissingAndInvalid() {
    assertNamedError(createClientRaw("", new JsonObject().put("ecosystemId", ecosystem).encode(), JSON), 400,
        "InvalidParameters", "Client Type Missing");
    Response invalid = createClientRaw("", new JsonObject().put("ecosystemId", ecosystem).put("type", "device")
        .encode(), JSON);
    assertNamedError(invalid, 400, "InvalidParameters", "Client Type Invalid");
    assertThat(onlyParameter(invalid).getJsonArray("validOptions")).containsExactly("application", "server");
    assertThat(onlyParameter(invalid).getString("value")).isEqualTo("device");
  }

  @Test
  void unknownBodyFieldsAreRejected() {
    Response response = createClientRaw("", new JsonObject().put("ecosystemId", ecosystem).put("type", "server")
        .put("owner", "me").encode(), JSON);
    assertNamedError(response, 400, "InvalidParameters", "Body Field Not Allowed");
    assertThat(onlyParameter(response).getString("name")).isEqualTo("owner");
  }

  // ---- the order of checks, pair by pair

  @Test
  void authorizationComesFirst() {
    Response response = http.send("POST", "/api/clients?x=1", raw(null), "{", JSON);
    assertNamedError(response, 401, "Unauthorized", "Authorization Missing");
  }

  @Test
  void queryComesBeforeTheBody() {
    assertNamedError(createClientRaw("?x=1", null, null), 400, "InvalidParameters", "Query Field Not Allowed");
    assertNamedError(createClientRaw("?x=1", "{\"broken", JSON), 400, "InvalidParameters", "Query Field Not Allowed");
    assertNamedError(createClientRaw("?x=1", "{}", JSON), 400, "InvalidParameters", "Query Field Not Allowed");
  }

  @Test
  void ecosystemComesBeforeType() {
    assertNamedError(createClientRaw("", "{}", JSON), 400, "InvalidParameters", "Ecosystem Missing");
    assertNamedError(createClientRaw("", new JsonObject().put("ecosystemId", "bad").put("type", "bad").encode(), JSON),
        400, "InvalidParameters", "Ecosystem Invalid");
    assertNamedError(createClientRaw("", new JsonObject().put("ecosystemId", "C0123456789abcdef01234567").encode(),
        JSON),
        400, "InvalidParameters", "Ecosystem Invalid");
  }

  @Test
  void aDeletedEcosystemIsReportedBeforeAnInvalidType() {
    String doomed = createEcosystem(acme.pat());
    call("DELETE", "/api/ecosystems/" + doomed, acme.pat(), null);
    assertNamedError(createClientRaw("", new JsonObject().put("ecosystemId", doomed).put("type", "bad").encode(), JSON),
        404, "NotFound", "Ecosystem Not Found");
  }

  @Test
  void unknownFieldsComeAfterTheDocumentedErrors() {
    assertNamedError(createClientRaw("", new JsonObject().put("extra", 1).put("type", "server").encode(), JSON), 400,
        "InvalidParameters", "Ecosystem Missing");
  }

  // ---- token kinds

  @Test
  void bearerPrefixIsAcceptedToo() {
    Response response = http.send("GET", "/api/ecosystems", Map.of("authorization", "Bearer " + acme.pat()), null,
        null);
    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void unknownTokensAreUnauthorized() {
    assertNamedError(call("GET", "/api/ecosystems", "nope", null), 401, "Unauthorized", "Token Invalid");
  }

  @Test
  void serverTokenReachesOnlyItsOwnEcosystemAndCreatesNoEcosystems() {
    String own = createEcosystem(acme.pat());
    String other = createEcosystem(acme.pat());
    JsonObject server = createClient(acme.pat(), own, "server");
    JsonObject neighbour = createClient(acme.pat(), other, "server");
    String token = clientToken(server.getString("id"));

    assertThat(call("GET", "/api/clients?ecosystemId=" + own, token, null).status()).isEqualTo(200);
    assertThat(createClient(token, own, "application").getString("ecosystemId")).isEqualTo(own);
    JsonArray reachable = call("GET", "/api/ecosystems", token, null).json().getJsonArray("items");
    assertThat(reachable).hasSize(1);
    assertThat(reachable.getJsonObject(0).getString("id")).isEqualTo(own);

    assertNamedError(call("POST", "/api/ecosystems", token, null), 403, "Forbidden", "Token Not Allowed");
    assertNamedError(call("GET", "/api/clients?ecosystemId=" + other, token, null), 404, "NotFound",
        "Ecosystem Not Found");
    assertNamedError(call("GET", "/api/clients/" + neighbour.getString("id"), token, null), 404, "NotFound",
        "Client Not Found");
    assertNamedError(call("POST", "/api/clients", token,
        new JsonObject().put("ecosystemId", other).put("type", "server").encode()), 404, "NotFound",
        "Ecosystem Not Found");
  }

  @Test
  void applicationClientTokensAndNonOwnerPatsAreNotAllowed() {
    String appToken = clientToken(createClient(acme.pat(), ecosystem, "application").getString("id"));
    assertNamedError(call("GET", "/api/ecosystems", appToken, null), 403, "Forbidden", "Token Not Allowed");

    String machine = gateway.tenants().machineUser(acme, "droplit-bot");
    String pat = http.post("/management/v1/users/" + machine + "/pats", acme.pat(), new JsonObject()).json()
        .getString("token");
    assertNamedError(call("GET", "/api/ecosystems", pat, null), 403, "Forbidden", "Token Not Allowed");
  }

  @Test
  void anotherTenantsTokenNeverReachesTheseObjects() {
    Tenants.Tenant other = gateway.tenants().create("droplit-other");
    JsonObject client = createClient(acme.pat(), ecosystem, "server");

    assertNamedError(call("GET", "/api/ecosystems/" + ecosystem, other.pat(), null), 404, "NotFound",
        "Ecosystem Not Found");
    assertNamedError(call("GET", "/api/clients?ecosystemId=" + ecosystem, other.pat(), null), 404, "NotFound",
        "Ecosystem Not Found");
    assertNamedError(call("POST", "/api/clients", other.pat(),
        new JsonObject().put("ecosystemId", ecosystem).put("type", "server").encode()), 404, "NotFound",
        "Ecosystem Not Found");
    assertNamedError(call("GET", "/api/clients/" + client.getString("id"), other.pat(), null), 404, "NotFound",
        "Client Not Found");
    assertNamedError(call("DELETE", "/api/clients/" + client.getString("id"), other.pat(), null), 404, "NotFound",
        "Client Not Found");
    assertThat(call("GET", "/api/ecosystems", other.pat(), null).json().getJsonArray("items")).isEmpty();
    assertThat(call("GET", "/api/clients/" + client.getString("id"), acme.pat(), null).status()).isEqualTo(200);
  }

  // ---- ecosystems

  @Test
  void ecosystemsAreCreatedReadUpdatedAndDeleted() {
    Response created = call("POST", "/api/ecosystems", acme.pat(), new JsonObject()
        .put("meta", new JsonObject().put("$label", "home")).encode());
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().fieldNames()).containsExactlyInAnyOrder("createdAt", "id", "meta");
    String id = created.json().getString("id");
    assertThat(id).matches("C[0-9a-f]{24}");

    assertThat(call("PUT", "/api/ecosystems/" + id, acme.pat(), new JsonObject().put("domain", "home.example.com")
        .encode()).status()).isEqualTo(200);
    JsonObject read = call("GET", "/api/ecosystems/" + id, acme.pat(), null).json();
    assertThat(read.getString("domain")).isEqualTo("home.example.com");
    assertThat(read.getJsonObject("meta").getString("$label")).isEqualTo("home");

    assertNamedError(call("PUT", "/api/ecosystems/" + id, acme.pat(), new JsonObject().put("meta", "text").encode()),
        400,
        "InvalidParameters", "Metadata Format Invalid");
    assertNamedError(call("PUT", "/api/ecosystems/" + id, acme.pat(), new JsonObject().put("domain", "no spaces!")
        .encode()),
        400, "InvalidParameters", "Domain Invalid");
    assertNamedError(call("PUT", "/api/ecosystems/" + id, acme.pat(), null), 400, "InvalidParameters",
        "Body Parameters Missing");
    assertNamedError(call("GET", "/api/ecosystems/" + id + "?x=1", acme.pat(), null), 400, "InvalidParameters",
        "No Query String Allowed");
    assertNamedError(call("GET", "/api/ecosystems/bad-id", acme.pat(), null), 400, "InvalidParameters",
        "Ecosystem Invalid");
    assertNamedError(call("GET", "/api/ecosystems/C0123456789abcdef01234567", acme.pat(), null), 400,
        "InvalidParameters",
        "Ecosystem Invalid");

    assertThat(call("DELETE", "/api/ecosystems/" + id, acme.pat(), null).status()).isEqualTo(200);
    assertNamedError(call("DELETE", "/api/ecosystems/" + id, acme.pat(), null), 404, "NotFound", "Ecosystem Not Found");
  }

  // ---- clients and their tokens

  @Test
  void clientsAreListedReadUpdatedAndDeleted() {
    String own = createEcosystem(acme.pat());
    String id = createClient(acme.pat(), own, "server").getString("id");

    JsonArray listed = call("GET", "/api/clients?ecosystemId=" + own, acme.pat(), null).json().getJsonArray("items");
    assertThat(listed).hasSize(1);
    assertThat(call("PUT", "/api/clients/" + id, acme.pat(), new JsonObject().put("name", "renamed").encode()).status())
        .isEqualTo(200);
    assertThat(call("GET", "/api/clients/" + id, acme.pat(), null).json().getString("name")).isEqualTo("renamed");

    assertNamedError(call("GET", "/api/clients", acme.pat(), null), 400, "InvalidParameters", "Ecosystem Missing");
    assertNamedError(call("GET", "/api/clients?ecosystemId=bad", acme.pat(), null), 400, "InvalidParameters",
        "Ecosystem Invalid");
    assertNamedError(call("GET", "/api/clients?ecosystemId=" + own + "&page=2", acme.pat(), null), 400,
        "InvalidParameters", "Query Field Not Allowed");
    assertNamedError(call("GET", "/api/clients/" + id + "?x=1", acme.pat(), null), 400, "InvalidParameters",
        "No Query String Allowed");
    assertNamedError(call("GET", "/api/clients/bad", acme.pat(), null), 400, "InvalidParameters", "Client Invalid");
    assertNamedError(call("GET", "/api/clients/K0123456789abcdef01234567", acme.pat(), null), 400, "InvalidParameters",
        "Client Invalid");
    assertNamedError(call("PUT", "/api/clients/" + id, acme.pat(), new JsonObject().put("name", 5).encode()), 400,
        "InvalidParameters", "Client Name Invalid");

    assertThat(call("DELETE", "/api/clients/" + id, acme.pat(), null).status()).isEqualTo(200);
    assertNamedError(call("GET", "/api/clients/" + id, acme.pat(), null), 404, "NotFound", "Client Not Found");
    assertThat(call("GET", "/api/clients?ecosystemId=" + own, acme.pat(), null).json().getJsonArray("items")).isEmpty();
  }

  @Test
  void aClientTokenIsShownOnceAndDiesWithItsClient() {
    String own = createEcosystem(acme.pat());
    String id = createClient(acme.pat(), own, "server").getString("id");
    Response created = call("POST", "/api/clients/" + id + "/tokens", acme.pat(),
        new JsonObject().put("description", "ci").encode());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().fieldNames()).containsExactlyInAnyOrder("createdAt", "id", "token");
    String token = created.json().getString("token");

    Response listed = call("GET", "/api/clients/" + id + "/tokens", token, null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(token);
    assertThat(listed.json().getJsonArray("items").getJsonObject(0).getString("description")).isEqualTo("ci");

    assertThat(call("DELETE", "/api/clients/" + id, acme.pat(), null).status()).isEqualTo(200);
    assertNamedError(call("GET", "/api/ecosystems", token, null), 401, "Unauthorized", "Token Invalid");
  }

  @Test
  void deletingAnEcosystemRemovesItsClientsAndTheirTokens() {
    String own = createEcosystem(acme.pat());
    String id = createClient(acme.pat(), own, "server").getString("id");
    String token = clientToken(id);

    call("DELETE", "/api/ecosystems/" + own, acme.pat(), null);

    assertNamedError(call("GET", "/api/clients/" + id, acme.pat(), null), 404, "NotFound", "Client Not Found");
    assertNamedError(call("GET", "/api/ecosystems", token, null), 401, "Unauthorized", "Token Invalid");
  }

  @Test
  void unknownRoutesWrongMethodsAndHugeBodiesAnswerInTheSameStructure() {
    assertNamedError(call("GET", "/api/nothing", acme.pat(), null), 404, "NotFound", "Route Not Found");
    assertNamedError(call("PATCH", "/api/clients", acme.pat(), null), 405, "MethodNotAllowed", "Method Not Allowed");
    String huge = new JsonObject().put("ecosystemId", ecosystem).put("type", "server").put("name", "x".repeat(70_000))
        .encode();
    assertNamedError(call("POST", "/api/clients", acme.pat(), huge), 413, "PayloadTooLarge", "Payload Too Large");
  }
}
