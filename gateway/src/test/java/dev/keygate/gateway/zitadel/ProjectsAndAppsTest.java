package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Projects and API apps: get, search, remove, secret regeneration. */
class ProjectsAndAppsTest extends GatewayTest {


  @Test
  void projectIsReadBackAndListed() {
    Response created = http.post("/management/v1/projects", acme.pat(),
        new JsonObject().put("name", "crm").put("projectRoleAssertion", true));
    String id = created.json().getString("id");

    JsonObject project = http.get("/management/v1/projects/" + id, acme.pat()).json().getJsonObject("project");
    assertThat(project.getString("name")).isEqualTo("crm");
    assertThat(project.getString("state")).isEqualTo("PROJECT_STATE_ACTIVE");
    assertThat(project.getBoolean("projectRoleAssertion")).isTrue();
    assertThat(project.containsKey("projectRoleCheck")).isFalse();

    JsonObject page = http.post("/management/v1/projects/_search", acme.pat(), new JsonObject()).json();
    assertThat(page.getJsonArray("result").stream().map(o -> ((JsonObject) o).getString("id"))).contains(id);
  }

  @Test
  void projectNameIsValidated() {
    assertPlainError(http.post("/management/v1/projects", acme.pat(), new JsonObject().put("name", "")), 400, 3,
        "invalid AddProjectRequest.Name: value length must be between 1 and 200 runes, inclusive");
  }

  @Test
  void removedProjectIsGoneWithItsApps() {
    String project = gateway.tenants().project(acme, "doomed");
    String appId = gateway.tenants().apiApp(acme, project, "app").getString("appId");

    assertThat(http.delete("/management/v1/projects/" + project, acme.pat()).status()).isEqualTo(200);

    assertError(http.get("/management/v1/projects/" + project, acme.pat()), 404, 5, "Project not found", "QUERY-Sfmb2");
    assertError(http.get("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()), 404, 5,
        "App not found", "QUERY-bxqa8");
    assertError(http.delete("/management/v1/projects/" + project, acme.pat()), 404, 5, "Project not found",
        "QUERY-Sfmb2");
  }

  @Test
  void appsAreListedWithOffsetAndLimit() {
    String project = gateway.tenants().project(acme, "paged");
    for (String name : new String[] {"a", "b", "c"}) {
      gateway.tenants().apiApp(acme, project, name);
    }
    String search = "/management/v1/projects/" + project + "/apps/_search";

    JsonObject all = http.post(search, acme.pat(), new JsonObject().put("query", new JsonObject().put("asc", true)))
        .json();
    assertThat(all.getJsonObject("details").getString("totalResult")).isEqualTo("3");
    assertThat(names(all.getJsonArray("result"))).containsExactly("a", "b", "c");

    JsonObject second = http.post(search, acme.pat(), new JsonObject()
        .put("query", new JsonObject().put("asc", true).put("offset", "1").put("limit", 1))).json();
    assertThat(names(second.getJsonArray("result"))).containsExactly("b");

    JsonObject beyond = http.post(search, acme.pat(), new JsonObject()
        .put("query", new JsonObject().put("offset", "10"))).json();
    assertThat(beyond.containsKey("result")).isFalse();

    assertPlainError(http.post(search, acme.pat(), new JsonObject().put("query", new JsonObject().put("limit", 5000))),
        400, 3, "invalid ListAppsRequest.Query: embedded message failed validation | caused by: "
            + "invalid ListQuery.Limit: value must be less than or equal to 1000");
  }

  private static List<String> names(JsonArray apps) {
    return apps.stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  private static JsonObject nameQueries(String... textAndMethod) {
    JsonArray queries = new JsonArray();
    for (int i = 0; i < textAndMethod.length; i += 2) {
      queries.add(new JsonObject().put("nameQuery", new JsonObject().put("name", textAndMethod[i])
          .put("method", textAndMethod[i + 1])));
    }
    return new JsonObject().put("queries", queries).put("query", new JsonObject().put("asc", true));
  }

  /** The names a search found, checking that {@code totalResult} counts them. */
  private List<String> found(String search, JsonObject body) {
    JsonObject page = http.post(search, acme.pat(), body).json();
    List<String> names = names(page.getJsonArray("result", new JsonArray()));
    assertThat(page.getJsonObject("details").getString("totalResult", "0")).isEqualTo("" + names.size());
    return names;
  }

  @Test
  void appsAreSearchedByName() {
    String project = gateway.tenants().project(acme, "v1-app-search");
    for (String name : new String[] {"ledger", "Ledger-API", "billing", "50%_off"}) {
      gateway.tenants().apiApp(acme, project, name);
    }
    String search = "/management/v1/projects/" + project + "/apps/_search";

    // "led", CONTAINS_IGNORE_CASE, finds "ledger": the search was ignored before (every app, billing too)
    assertThat(found(search, nameQueries("led", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE")))
        .containsExactly("ledger", "Ledger-API");
    assertThat(found(search, nameQueries("led", "TEXT_QUERY_METHOD_CONTAINS"))).containsExactly("ledger");
    assertThat(found(search, nameQueries("LEDGER", "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE")))
        .containsExactly("ledger");
    assertThat(found(search, nameQueries("ledger", "TEXT_QUERY_METHOD_EQUALS"))).containsExactly("ledger");
    assertThat(found(search, nameQueries("Ledger", "TEXT_QUERY_METHOD_STARTS_WITH"))).containsExactly("Ledger-API");
    assertThat(found(search, nameQueries("-api", "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE")))
        .containsExactly("Ledger-API");
    assertThat(found(search, nameQueries("led", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE",
        "r", "TEXT_QUERY_METHOD_ENDS_WITH"))).as("queries are ANDed").containsExactly("ledger");
    assertThat(found(search, nameQueries("%_", "TEXT_QUERY_METHOD_CONTAINS"))).containsExactly("50%_off");
    assertThat(found(search, nameQueries("_", "TEXT_QUERY_METHOD_STARTS_WITH"))).isEmpty();
    assertThat(found(search, nameQueries("nothing", "TEXT_QUERY_METHOD_CONTAINS"))).isEmpty();

    JsonObject second = http.post(search, acme.pat(), nameQueries("l", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE")
        .put("query", new JsonObject().put("asc", true).put("offset", "1").put("limit", 1))).json();
    assertThat(second.getJsonObject("details").getString("totalResult")).isEqualTo("3");
    assertThat(names(second.getJsonArray("result"))).containsExactly("Ledger-API");

    assertPlainError(http.post(search, acme.pat(), new JsonObject().put("queries", new JsonArray()
            .add(new JsonObject()))), 400, 3, "invalid ListAppsRequest.Queries[0]: embedded message failed "
            + "validation | caused by: invalid AppQuery.Query: value is required");
  }

  @Test
  void projectsAreSearchedByName() {
    for (String name : new String[] {"v1-search-Alpha", "v1-search-alphabet", "v1-search-beta"}) {
      gateway.tenants().project(acme, name);
    }
    String search = "/management/v1/projects/_search";

    assertThat(found(search, nameQueries("V1-SEARCH-ALPHA", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE")))
        .containsExactly("v1-search-Alpha", "v1-search-alphabet");
    assertThat(found(search, nameQueries("v1-search-", "TEXT_QUERY_METHOD_STARTS_WITH", "bet",
        "TEXT_QUERY_METHOD_CONTAINS"))).containsExactly("v1-search-alphabet", "v1-search-beta");
    assertThat(found(search, nameQueries("v1-search-beta", null))).as("unset is EQUALS")
        .containsExactly("v1-search-beta");
    assertPlainError(http.post(search, acme.pat(), new JsonObject().put("queries", new JsonArray()
            .add(new JsonObject().put("projectResourceOwnerQuery", new JsonObject())))), 400, 3,
        "invalid ListProjectsRequest.Queries[0]: embedded message failed validation | caused by: "
            + "invalid ProjectQuery.Query: value is required");
  }

  @Test
  void regeneratingASecretReplacesIt() {
    String project = gateway.tenants().project(acme, "rotation");
    JsonObject app = gateway.tenants().apiApp(acme, project, "api");
    String path = "/management/v1/projects/" + project + "/apps/" + app.getString("appId")
        + "/api_config/_generate_client_secret";

    Response regenerated = http.post(path, acme.pat(), null);

    assertThat(regenerated.status()).isEqualTo(200);
    assertThat(regenerated.json().getString("clientSecret")).matches("[A-Za-z0-9]{64}")
        .isNotEqualTo(app.getString("clientSecret"));
    assertThat(Long.parseLong(regenerated.json().getJsonObject("details").getString("sequence")))
        .isGreaterThan(Long.parseLong(app.getJsonObject("details").getString("sequence")));
  }

  @Test
  void keyAuthenticatedAppsHaveNoSecretToRegenerate() {
    String project = gateway.tenants().project(acme, "jwt");
    String appId = http.post("/management/v1/projects/" + project + "/apps/api", acme.pat(), new JsonObject()
        .put("name", "jwt").put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT")).json().getString("appId");

    JsonObject read = http.get("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()).json();
    assertThat(read.getJsonObject("app").getJsonObject("apiConfig").getString("authMethodType"))
        .isEqualTo("API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    assertError(http.post("/management/v1/projects/" + project + "/apps/" + appId
        + "/api_config/_generate_client_secret",
        acme.pat(), null), 400, 9, "Application has no client secret", "COMMAND-aeH4q");
  }

  @Test
  void removedAppIsGoneAndItsNameFree() {
    String project = gateway.tenants().project(acme, "apps-removed");
    String appId = gateway.tenants().apiApp(acme, project, "once").getString("appId");

    Response removed = http.delete("/management/v1/projects/" + project + "/apps/" + appId, acme.pat());

    assertThat(removed.status()).isEqualTo(200);
    assertError(http.delete("/management/v1/projects/" + project + "/apps/" + appId, acme.pat()), 404, 5,
        "App not found", "QUERY-bxqa8");
    gateway.tenants().apiApp(acme, project, "once");
  }
}
