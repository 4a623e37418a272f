package dev.keygate.gateway.zitadel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ZITADEL operation that takes a body, sent canonically and in each other form protojson reads
 * ({@link ProtoJsonVariants}): every variant gets the same status, the same answer (ids, secrets and times masked)
 * and leaves the same stored state (read back through the API) as the canonical body. Each variant runs on fresh
 * objects of its own, so that sequences and names line up; list operations share one fixture, which no variant
 * changes. Bodies that break a rule are included: every variant must be refused with the same message.
 */
class ProtoJsonConformanceTest extends GatewayTest {

  /** The objects one variant works on. */
  record Fixture(Tenants.Tenant tenant, String project, String basicApp, String keyApp, String machineUser) {}

  /** One request of an operation; {@code probe} reads back what it stored (null: the answer shows it all). */
  record Case(String surface, String operationId, String label, String method, Function<Fixture, String> path,
              Function<Fixture, JsonObject> body, boolean sharedFixture, ProbeFunction probe) {}

  interface ProbeFunction {
    Object read(Fixture fixture, Response answer);
  }

  private static final String TIME = "2099-01-01T00:00:00Z";
  private Vertx vertx;
  private final Map<String, ProtoJsonVariants> variants = new HashMap<>();
  private final Map<String, ApiContract> contracts = new HashMap<>();
  private Fixture shared;
  private final Set<String> changedKinds = new TreeSet<>();

  @BeforeAll
  void load() throws Exception {
    vertx = Vertx.vertx();
    for (String surface : List.of("zitadel-system", "zitadel-management")) {
      ApiContract contract = ApiContract.load(vertx, surface).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      contracts.put(surface, contract);
      variants.put(surface, new ProtoJsonVariants(contract));
    }
    shared = fixture();
    for (String name : List.of("p2", "p3")) {
      gateway.tenants().project(shared.tenant(), name);
    }
    gateway.tenants().apiApp(shared.tenant(), shared.project(), "third");
  }

  @AfterAll
  void closeVertx() {
    vertx.close();
  }

  private Fixture fixture() {
    Tenants tenants = gateway.tenants();
    Tenants.Tenant tenant = tenants.create("conformance");
    String project = tenants.project(tenant, "p1");
    String basicApp = tenants.apiApp(tenant, project, "basic").getString("appId");
    Response keyApp = http.post("/management/v1/projects/" + project + "/apps/api", tenant.pat(), new JsonObject()
        .put("name", "keyed").put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"));
    return new Fixture(tenant, project, basicApp, keyApp.json().getString("appId"), tenants.machineUser(tenant, "bot"));
  }

  private List<Case> cases() {
    String m = "zitadel-management";
    String s = "zitadel-system";
    JsonObject key = new JsonObject().put("type", "KEY_TYPE_JSON").put("expirationDate", TIME);
    return List.of(
        new Case(s, "CreateInstance", "machine owner", "POST", f -> "/system/v1/instances/_create", f -> new JsonObject(
            "{\"instanceName\":\"Conformance\",\"firstOrgName\":\"Conf Org\",\"defaultLanguage\":\"en\",\"machine\":"
                + "{\"userName\":\"owner\",\"name\":\"Owner\",\"personalAccessToken\":{\"expirationDate\":\"" + TIME
                + "\"},\"machineKey\":{\"type\":\"KEY_TYPE_JSON\",\"expirationDate\":\"" + TIME + "\"}}}"), false,
            (f, answer) -> List.of(system("/system/v1/instances/" + answer.json().getString("instanceId")),
                http.post("/management/v1/projects/_search", answer.json().getString("pat"), null).status())),
        new Case(s, "CreateInstance", "human owner", "POST", f -> "/system/v1/instances/_create", f -> new JsonObject(
            "{\"instanceName\":\"Conf Human\",\"human\":{\"userName\":\"ada\",\"email\":{\"email\":\"ada@example.com\","
                + "\"isEmailVerified\":true},\"profile\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                + "\"preferredLanguage\":\"en\"},\"password\":{\"password\":\"Correct-Horse-9\","
                + "\"passwordChangeRequired\":true}}}"), false,
            (f, answer) -> system("/system/v1/instances/" + answer.json().getString("instanceId"))),
        new Case(s, "CreateInstance", "bad key type", "POST", f -> "/system/v1/instances/_create", f -> new JsonObject(
            "{\"instanceName\":\"Bad\",\"machine\":{\"userName\":\"o\",\"name\":\"O\",\"machineKey\":"
                + "{\"type\":\"KEY_TYPE_UNSPECIFIED\"}}}"), true, null),
        new Case(s, "ListInstances", "page", "POST", f -> "/system/v1/instances/_search",
            f -> new JsonObject("{\"query\":{\"offset\":\"1\",\"limit\":1,\"asc\":true}}"), true, null),
        new Case(m, "AddProject", "", "POST", f -> "/management/v1/projects", f -> new JsonObject()
            .put("name", "billing").put("projectRoleAssertion", true).put("hasProjectCheck", false), false,
            (f, answer) -> read(f, "/management/v1/projects/" + answer.json().getString("id"))),
        new Case(m, "ListProjects", "page", "POST", f -> "/management/v1/projects/_search",
            f -> new JsonObject("{\"query\":{\"offset\":\"1\",\"limit\":2,\"asc\":true}}"), true, null),
        new Case(m, "ListProjects", "over the limit", "POST", f -> "/management/v1/projects/_search",
            f -> new JsonObject("{\"query\":{\"limit\":5000}}"), true, null),
        new Case(m, "AddAPIApp", "", "POST", f -> "/management/v1/projects/" + f.project() + "/apps/api",
            f -> new JsonObject().put("name", "api").put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"),
            false,
            (f, answer) -> read(f, "/management/v1/projects/" + f.project() + "/apps/" + answer.json()
            .getString("appId"))),
        new Case(m, "AddAPIApp", "empty name", "POST", f -> "/management/v1/projects/" + f.project() + "/apps/api",
            f -> new JsonObject().put("name", "").put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"), true,
            null),
        new Case(m, "ListApps", "page", "POST", f -> "/management/v1/projects/" + f.project() + "/apps/_search",
            f -> new JsonObject("{\"query\":{\"offset\":\"1\",\"limit\":2,\"asc\":true}}"), true, null),
        new Case(m, "RegenerateAPIClientSecret", "", "POST",
            f -> "/management/v1/projects/" + f.project() + "/apps/" + f.basicApp()
            + "/api_config/_generate_client_secret",
            f -> new JsonObject(), false,
            (f, answer) -> read(f, "/management/v1/projects/" + f.project() + "/apps/" + f.basicApp())),
        new Case(m, "AddMachineUser", "", "POST", f -> "/management/v1/users/machine", f -> new JsonObject()
            .put("userName", "conf-bot").put("name", "Conf").put("description", "d")
            .put("accessTokenType", "ACCESS_TOKEN_TYPE_JWT"), false,
            (f, answer) -> read(f, "/management/v1/users/" + answer.json().getString("userId"))),
        new Case(m, "AddHumanUser", "", "POST", f -> "/management/v1/users/human", f -> new JsonObject(
            "{\"userName\":\"grace\",\"profile\":{\"firstName\":\"Grace\",\"lastName\":\"Hopper\","
                + "\"preferredLanguage\":\"en\"},\"email\":{\"email\":\"grace@example.com\",\"isEmailVerified\":true},"
                + "\"initialPassword\":\"Correct-Horse-9\"}"), false,
            (f, answer) -> read(f, "/management/v1/users/" + answer.json().getString("userId"))),
        new Case(m, "GenerateMachineSecret", "", "PUT", f -> "/management/v1/users/" + f.machineUser() + "/secret",
            f -> new JsonObject(), false, (f, answer) -> read(f, "/management/v1/users/" + f.machineUser())),
        new Case(m, "AddPersonalAccessToken", "", "POST", f -> "/management/v1/users/" + f.machineUser() + "/pats",
            f -> new JsonObject().put("expirationDate", TIME), false,
            (f, answer) -> http.get("/management/v1/projects/" + f.project(), answer.json().getString("token"))
            .status()),
        new Case(m, "AddMachineKey", "", "POST", f -> "/management/v1/users/" + f.machineUser() + "/keys",
            f -> key.copy(), false, null),
        new Case(m, "AddMachineKey", "unspecified type", "POST", f -> "/management/v1/users/" + f.machineUser()
        + "/keys",
            f -> new JsonObject().put("type", "KEY_TYPE_UNSPECIFIED"), true, null),
        new Case(m, "AddAppKey", "", "POST", f -> "/management/v1/projects/" + f.project() + "/apps/" + f.keyApp()
        + "/keys",
            f -> key.copy(), false, null),
        new Case(m, "AddOrgMember", "", "POST", f -> "/management/v1/orgs/me/members", f -> new JsonObject()
            .put("userId", f.machineUser()).put("roles", new JsonArray().add("ORG_PROJECT_CREATOR")), false,
            (f, answer) -> {
              Response again = http.post("/management/v1/orgs/me/members", f.tenant().pat(), new JsonObject()
                  .put("userId", f.machineUser()).put("roles", new JsonArray().add("ORG_PROJECT_CREATOR")));
              return List.of(again.status(), again.json().getString("message"));
            }));
  }

  private JsonObject system(String path) {
    return http.get(path, TestGateway.SYSTEM_TOKEN).json();
  }

  private JsonObject read(Fixture fixture, String path) {
    return http.get(path, fixture.tenant().pat()).json();
  }

  private Response send(Case c, Fixture fixture, JsonObject body) {
    String token = c.surface().equals("zitadel-system") ? TestGateway.SYSTEM_TOKEN : fixture.tenant().pat();
    return http.send(c.method(), c.path().apply(fixture), Http.bearer(token), body.encode(), "application/json");
  }

  @Test
  void everyZitadelOperationWithABodyHasACase() {
    Set<String> withBody = new TreeSet<>();
    contracts.values().forEach(contract -> {
      for (Operation operation : contract.openApi().operations()) {
        if (contract.requestBodySchema(operation.getOperationId()) != null) {
          withBody.add(operation.getOperationId());
        }
      }
    });
    Set<String> covered = new TreeSet<>();
    cases().forEach(c -> covered.add(c.operationId()));
    assertThat(covered).isEqualTo(withBody).hasSize(14);
  }

  @TestFactory
  Stream<DynamicTest> everyVariantActsAsTheCanonicalBody() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases()) {
      tests.add(DynamicTest.dynamicTest(c.operationId() + " " + c.label(), () -> {
        Fixture canonicalFixture = c.sharedFixture() ? shared : fixture();
        JsonObject canonicalBody = c.body().apply(canonicalFixture);
        Response canonical = send(c, canonicalFixture, canonicalBody);
        assertThat(canonical.status()).as("canonical %s", canonical).isIn(200, 400);
        Object expected = outcome(c, canonicalFixture, canonical);
        for (Map.Entry<String, JsonObject> variant : variants.get(c.surface()).of(c.operationId(), canonicalBody)
            .entrySet()) {
          Fixture fixture = c.sharedFixture() ? shared : fixture();
          JsonObject body = variants.get(c.surface()).of(c.operationId(), c.body().apply(fixture))
              .get(variant.getKey());
          if (!body.equals(c.body().apply(fixture))) {
            changedKinds.add(variant.getKey());
          }
          Response answer = send(c, fixture, body);
          assertThat(outcome(c, fixture, answer)).as("%s %s: %s", variant.getKey(), body.encode(), answer)
              .isEqualTo(expected);
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("every kind of variant changed some body", () -> {
      Set<String> all = new TreeSet<>(List.of("ALL"));
      EnumSet.allOf(ProtoJsonVariants.Kind.class).forEach(k -> all.add(k.name()));
      assertThat(changedKinds).isEqualTo(all);
    }));
    return tests.stream();
  }

  /** Status, masked answer and masked read-back state. */
  private Object outcome(Case c, Fixture fixture, Response answer) {
    List<Object> outcome = new ArrayList<>(List.of(answer.status(), mask(answer.json())));
    if (answer.status() == 200 && c.probe() != null) {
      outcome.add(mask(c.probe().read(fixture, answer)));
    }
    return outcome;
  }

  /** Ids, secrets, tokens, server times and the random part of generated domains masked; key files opened. */
  static Object mask(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      for (String name : object.fieldNames()) {
        Object item = object.getValue(name);
        switch (name) {
          case "creationDate", "changeDate", "viewTimestamp" -> out.put(name, "<time>");
          case "token", "pat" -> out.put(name, "<token>");
          case "key" -> out.put(name, "<private key>");
          case "keyDetails", "machineKey" -> out.put(name, mask(new JsonObject(new String(
              Base64.getDecoder().decode((String) item)))));
          default -> out.put(name, mask(item));
        }
      }
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(mask(item)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ProtoJsonConformanceTest::mask).toList();
    }
    if (value instanceof String text) {
      if (text.matches("[0-9]{17,19}")) {
        return "<id>";
      }
      if (text.matches("[A-Za-z0-9]{64}")) {
        return "<secret>";
      }
      return text.replaceAll("-[a-z0-9]{6}\\.", "-<random>.");
    }
    return value;
  }
}
