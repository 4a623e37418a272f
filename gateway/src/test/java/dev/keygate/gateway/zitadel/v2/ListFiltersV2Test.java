package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static dev.keygate.gateway.zitadel.v2.Connect.assertPlainConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filters of the v2 lists a console searches with: projects by organization and name, applications by project
 * and name, users by organization, type and user name, organizations by name and id; each method, AND across filters,
 * paging and totals over the matches, wildcards that stand for themselves, and the organization check of a filter.
 */
class ListFiltersV2Test extends GatewayTest {

  private static final String PROJECTS = "zitadel.project.v2.ProjectService/";
  private static final String BETA_PROJECTS = "zitadel.project.v2beta.ProjectService/";
  private static final String APPS = "zitadel.application.v2.ApplicationService/";
  private static final String BETA_APPS = "zitadel.app.v2beta.AppService/";
  private static final String USERS = "zitadel.user.v2.UserService/";
  private static final String ORGS = "zitadel.org.v2.OrganizationService/";
  private static final List<String> LEDGERS = List.of("Ledger", "ledger-archive", "general ledger", "LEDGERS",
      "billing");

  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  private Tenants.Tenant tenantWithProjects(String name, List<String> projectNames) {
    Tenants.Tenant tenant = gateway.tenants().create(name);
    projectNames.forEach(projectName -> gateway.tenants().project(tenant, projectName));
    return tenant;
  }

  private static JsonObject filters(JsonObject... filters) {
    return new JsonObject().put("filters", new JsonArray(List.of((Object[]) filters)));
  }

  private static JsonObject queries(JsonObject... queries) {
    return new JsonObject().put("queries", new JsonArray(List.of((Object[]) queries)));
  }

  private static JsonObject projectName(String text, Object method) {
    return new JsonObject().put("projectNameFilter", new JsonObject().put("projectName", text).put("method", method));
  }

  private static JsonObject byOrg(String orgId) {
    return new JsonObject().put("organizationIdFilter", new JsonObject().put("organizationId", orgId));
  }

  /** The names on one page of a v2 list (under {@code field}), checking that the total counts the same ones. */
  private List<String> names(String procedure, String token, JsonObject body, String field, String nameField) {
    JsonObject page = connect.ok(procedure, token, body);
    List<String> names = page.getJsonArray(field, new JsonArray()).stream()
        .map(item -> ((JsonObject) item).getString(nameField)).toList();
    JsonObject totals = page.getJsonObject("pagination", page.getJsonObject("details"));
    assertThat(totals.getString("totalResult")).as("the total counts the matches").isEqualTo("" + names.size());
    return names;
  }

  private List<String> projectNames(Tenants.Tenant tenant, JsonObject body) {
    return names(PROJECTS + "ListProjects", tenant.pat(), body, "projects", "name");
  }

  @Test
  void projectsAreSearchedByNameWithEachMethod() {
    Tenants.Tenant t = tenantWithProjects("v2-search-methods", LEDGERS);

    assertThat(projectNames(t, filters(projectName("ledger", "TEXT_FILTER_METHOD_EQUALS")))).isEmpty();
    assertThat(projectNames(t, filters(projectName("Ledger", null)))).as("unset is EQUALS")
        .containsExactly("Ledger");
    assertThat(projectNames(t, filters(projectName("LEDGER", "TEXT_FILTER_METHOD_EQUALS_IGNORE_CASE"))))
        .containsExactly("Ledger");
    assertThat(projectNames(t, filters(projectName("ledger", "TEXT_FILTER_METHOD_STARTS_WITH"))))
        .containsExactly("ledger-archive");
    assertThat(projectNames(t, filters(projectName("ledger", "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE"))))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "LEDGERS");
    assertThat(projectNames(t, filters(projectName("edge", "TEXT_FILTER_METHOD_CONTAINS"))))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "general ledger");
    assertThat(projectNames(t, filters(projectName("EDGE", "TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE"))))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "general ledger", "LEDGERS");
    assertThat(projectNames(t, filters(projectName("ledger", "TEXT_FILTER_METHOD_ENDS_WITH"))))
        .containsExactly("general ledger");
    assertThat(projectNames(t, filters(projectName("LEDGER", "TEXT_FILTER_METHOD_ENDS_WITH_IGNORE_CASE"))))
        .containsExactlyInAnyOrder("Ledger", "general ledger");
    assertThat(projectNames(t, filters(projectName("EDGE", 5)))).as("an enum by its number (CONTAINS_IGNORE_CASE)")
        .hasSize(4);
    assertThat(projectNames(t, filters(projectName("ledger", "TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE"),
        projectName("s", "TEXT_FILTER_METHOD_ENDS_WITH_IGNORE_CASE")))).as("filters are ANDed")
        .containsExactly("LEDGERS");
    assertThat(names(BETA_PROJECTS + "ListProjects", t.pat(), filters(projectName("LEDGER",
        "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE")), "projects", "name"))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "LEDGERS");
  }

  @Test
  void aFilteredProjectListIsPagedOverItsMatches() {
    Tenants.Tenant t = tenantWithProjects("v2-search-paging", List.of("api-0", "web-1", "api-2", "web-3", "api-4",
        "web-5", "api-6"));
    JsonObject api = projectName("API-", "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE");

    JsonObject second = connect.ok(PROJECTS + "ListProjects", t.pat(), filters(api)
        .put("pagination", new JsonObject().put("offset", "1").put("limit", 2).put("asc", true)));
    assertThat(second.getJsonObject("pagination").getString("totalResult")).isEqualTo("4");
    assertThat(second.getJsonArray("projects").stream().map(p -> ((JsonObject) p).getString("name")))
        .containsExactly("api-2", "api-4");
    JsonObject newest = connect.ok(PROJECTS + "ListProjects", t.pat(), filters(api)
        .put("pagination", new JsonObject().put("limit", 1)));
    assertThat(newest.getJsonArray("projects").getJsonObject(0).getString("name")).isEqualTo("api-6");
    JsonObject beyond = connect.ok(PROJECTS + "ListProjects", t.pat(), filters(api)
        .put("pagination", new JsonObject().put("offset", "4")));
    assertThat(beyond.getJsonObject("pagination").getString("totalResult")).isEqualTo("4");
    assertThat(beyond.containsKey("projects")).isFalse();
  }

  @Test
  void wildcardsInASearchStandForThemselves() {
    Tenants.Tenant t = tenantWithProjects("v2-search-hostile", List.of("100%", "1000", "a_b", "axb", "back\\slash",
        "backslash", "it's"));

    assertThat(projectNames(t, filters(projectName("%", "TEXT_FILTER_METHOD_CONTAINS")))).containsExactly("100%");
    assertThat(projectNames(t, filters(projectName("10%", "TEXT_FILTER_METHOD_STARTS_WITH")))).isEmpty();
    assertThat(projectNames(t, filters(projectName("_", "TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE"))))
        .containsExactly("a_b");
    assertThat(projectNames(t, filters(projectName("A_", "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE"))))
        .containsExactly("a_b");
    assertThat(projectNames(t, filters(projectName("k\\s", "TEXT_FILTER_METHOD_CONTAINS"))))
        .containsExactly("back\\slash");
    assertThat(projectNames(t, filters(projectName("%", "TEXT_FILTER_METHOD_EQUALS")))).isEmpty();
    assertThat(projectNames(t, filters(projectName("' OR '1'='1", "TEXT_FILTER_METHOD_CONTAINS")))).isEmpty();
    assertThat(projectNames(t, filters(projectName("'", "TEXT_FILTER_METHOD_CONTAINS")))).containsExactly("it's");
    assertPlainConnectError(connect.call(PROJECTS + "ListProjects", t.pat(), filters(projectName("a\u0000",
        "TEXT_FILTER_METHOD_CONTAINS"))), 400, "invalid_argument", null); // the edge's strict JSON refuses a NUL
  }

  @Test
  void projectsOfAnOrganizationTheFilterNames() {
    Tenants.Tenant t = tenantWithProjects("v2-search-orgs", List.of("home-ledger"));
    String second = connect.ok(ORGS + "AddOrganization", t.pat(), new JsonObject().put("name", "second"))
        .getString("organizationId");
    for (String name : List.of("far-ledger", "far-billing")) {
      connect.ok(PROJECTS + "CreateProject", t.pat(), new JsonObject().put("organizationId", second)
          .put("name", name));
    }
    JsonObject ledger = projectName("ledger", "TEXT_FILTER_METHOD_CONTAINS");

    assertThat(projectNames(t, filters(byOrg(second)))).containsExactlyInAnyOrder("far-ledger", "far-billing");
    assertThat(projectNames(t, filters(byOrg(second), ledger))).containsExactly("far-ledger");
    assertThat(projectNames(t, filters(ledger))).as("without one, the caller's organization")
        .containsExactly("home-ledger");
    assertThat(projectNames(t, filters(byOrg(t.orgId()), ledger))).containsExactly("home-ledger");
    assertThat(projectNames(t, new JsonObject().put("filters", new JsonArray().add(new JsonObject()
        .put("organization_id_filter", new JsonObject().put("organization_id", second))))))
        .as("protojson's proto names").hasSize(2);
    assertThat(projectNames(t, filters(byOrg(second), byOrg(t.orgId())))).as("in two organizations at once")
        .isEmpty();
    assertThat(projectNames(t, filters(new JsonObject().put("organizationIdFilter", new JsonObject()
        .put("organizationId", second).put("type", "GRANTED"))))).as("Keygate has no project grants").isEmpty();
    assertThat(projectNames(t, filters(new JsonObject().put("organizationIdFilter", new JsonObject()
        .put("organizationId", second).put("type", "OWNED"))))).hasSize(2);
    assertThat(names(BETA_PROJECTS + "ListProjects", t.pat(), filters(new JsonObject()
        .put("projectOrganizationIdFilter", new JsonObject().put("id", second)), ledger), "projects", "name"))
        .containsExactly("far-ledger");
    assertThat(names(BETA_PROJECTS + "ListProjects", t.pat(), filters(new JsonObject()
        .put("projectResourceOwnerFilter", new JsonObject().put("id", second))), "projects", "name")).hasSize(2);

    String orgOwner = gateway.tenants().memberPat(t, "v2-search-org-owner", "ORG_OWNER");
    assertThat(names(PROJECTS + "ListProjects", orgOwner, filters(byOrg(t.orgId())), "projects", "name"))
        .containsExactly("home-ledger");
    assertConnectError(connect.call(PROJECTS + "ListProjects", orgOwner, filters(byOrg(second))), 403,
        "permission_denied", "No matching permissions found", "AUTH-5mWD2");
    assertConnectError(connect.call(PROJECTS + "ListProjects", orgOwner, filters(ledger, byOrg(second))), 403,
        "permission_denied", "No matching permissions found", "AUTH-5mWD2");
    Tenants.Tenant other = gateway.tenants().create("v2-search-orgs-other");
    assertConnectError(connect.call(PROJECTS + "ListProjects", t.pat(), filters(byOrg(other.orgId()))), 403,
        "permission_denied", "Organisation doesn't exist", "AUTH-Bs7Ds");
    assertConnectError(connect.call(PROJECTS + "ListProjects", t.pat(), filters(byOrg("123456789"))), 403,
        "permission_denied", "Organisation doesn't exist", "AUTH-Bs7Ds");
    assertPlainConnectError(connect.call(PROJECTS + "ListProjects", t.pat(), filters(new JsonObject()
        .put("inProjectIdsFilter", new JsonObject().put("ids", new JsonArray().add("1"))))), 501, "unimplemented",
        null);
  }

  @Test
  void applicationsAreSearchedByNameInAProjectOrTheOrganization() {
    Tenants.Tenant t = gateway.tenants().create("v2-search-apps");
    String first = gateway.tenants().project(t, "first");
    String second = gateway.tenants().project(t, "second");
    for (String name : List.of("ledger", "Ledger-API", "billing")) {
      gateway.tenants().apiApp(t, first, name);
    }
    gateway.tenants().apiApp(t, second, "ledger");
    gateway.tenants().apiApp(t, second, "100%_done");
    JsonObject led = new JsonObject().put("nameFilter", new JsonObject().put("name", "LED")
        .put("method", "TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE"));
    JsonObject inFirst = new JsonObject().put("projectIdFilter", new JsonObject().put("projectId", first));
    JsonObject inSecond = new JsonObject().put("projectIdFilter", new JsonObject().put("projectId", second));

    assertThat(names(APPS + "ListApplications", t.pat(), filters(led), "applications", "name"))
        .containsExactlyInAnyOrder("ledger", "Ledger-API", "ledger");
    assertThat(names(APPS + "ListApplications", t.pat(), filters(inFirst, led), "applications", "name"))
        .containsExactlyInAnyOrder("ledger", "Ledger-API");
    assertThat(names(APPS + "ListApplications", t.pat(), filters(led, new JsonObject().put("nameFilter",
        new JsonObject().put("name", "api").put("method", "TEXT_FILTER_METHOD_ENDS_WITH_IGNORE_CASE"))),
        "applications", "name")).containsExactly("Ledger-API");
    assertThat(names(APPS + "ListApplications", t.pat(), filters(inFirst, inSecond), "applications", "name"))
        .as("in two projects at once").isEmpty();
    assertThat(names(APPS + "ListApplications", t.pat(), filters(new JsonObject().put("nameFilter",
        new JsonObject().put("name", "0%_").put("method", "TEXT_FILTER_METHOD_CONTAINS"))), "applications", "name"))
        .containsExactly("100%_done");
    JsonObject paged = connect.ok(APPS + "ListApplications", t.pat(), filters(led)
        .put("pagination", new JsonObject().put("offset", "2").put("limit", 1).put("asc", true)));
    assertThat(paged.getJsonObject("pagination").getString("totalResult")).isEqualTo("3");
    assertThat(paged.getJsonArray("applications").getJsonObject(0).getString("projectId")).isEqualTo(second);

    JsonObject beta = filters(new JsonObject().put("nameFilter", new JsonObject().put("name", "ledger")),
        new JsonObject().put("apiAppOnly", true)).put("projectId", first);
    assertThat(names(BETA_APPS + "ListApplications", t.pat(), beta, "applications", "name"))
        .containsExactly("ledger");
    assertPlainConnectError(connect.call(APPS + "ListApplications", t.pat(), filters(new JsonObject()
        .put("clientIdFilter", new JsonObject().put("clientId", "1")))), 501, "unimplemented", null);
  }

  @Test
  void usersAreSearchedByOrganizationTypeAndUserName() {
    Tenants.Tenant t = gateway.tenants().create("v2-search-users");
    gateway.tenants().machineUser(t, "robot-1");
    gateway.tenants().machineUser(t, "Robot-2");
    gateway.tenants().humanUser(t, "robot-fan");
    gateway.tenants().humanUser(t, "ada");
    String second = connect.ok(ORGS + "AddOrganization", t.pat(), new JsonObject().put("name", "second"))
        .getString("organizationId");
    connect.ok(USERS + "CreateUser", t.pat(), new JsonObject().put("organizationId", second)
        .put("username", "far-robot").put("machine", new JsonObject().put("name", "Far robot")));
    JsonObject robot = new JsonObject().put("userNameQuery", new JsonObject().put("userName", "ROBOT")
        .put("method", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE"));
    JsonObject machines = new JsonObject().put("typeQuery", new JsonObject().put("type", "TYPE_MACHINE"));
    JsonObject humans = new JsonObject().put("typeQuery", new JsonObject().put("type", "TYPE_HUMAN"));

    assertThat(userNames(t.pat(), queries(robot))).containsExactlyInAnyOrder("robot-1", "Robot-2", "robot-fan");
    assertThat(userNames(t.pat(), queries(robot, machines))).containsExactlyInAnyOrder("robot-1", "Robot-2");
    assertThat(userNames(t.pat(), queries(humans))).containsExactlyInAnyOrder("robot-fan", "ada");
    assertThat(userNames(t.pat(), queries(machines))).as("the owner is a machine too")
        .containsExactlyInAnyOrder("owner", "robot-1", "Robot-2");
    assertThat(userNames(t.pat(), queries(machines, humans))).as("no user is both").isEmpty();
    assertThat(userNames(t.pat(), queries(new JsonObject().put("typeQuery", new JsonObject())))).isEmpty();
    assertThat(userNames(t.pat(), queries(new JsonObject().put("userNameQuery", new JsonObject()
        .put("userName", "robot-").put("method", "TEXT_QUERY_METHOD_STARTS_WITH"))))).containsExactlyInAnyOrder(
        "robot-1", "robot-fan");
    assertThat(userNames(t.pat(), queries(new JsonObject().put("userNameQuery", new JsonObject()
        .put("userName", "ada"))))).as("unset is EQUALS").containsExactly("ada");

    JsonObject inSecond = new JsonObject().put("organizationIdQuery", new JsonObject().put("organizationId", second));
    assertThat(userNames(t.pat(), queries(inSecond, robot))).containsExactly("far-robot");
    assertThat(userNames(t.pat(), queries(inSecond, humans))).isEmpty();
    JsonObject paged = connect.ok(USERS + "ListUsers", t.pat(), queries(robot)
        .put("query", new JsonObject().put("offset", "1").put("limit", 1).put("asc", true)));
    assertThat(paged.getJsonObject("details").getString("totalResult")).isEqualTo("3");
    assertThat(paged.getJsonArray("result").getJsonObject(0).getString("username")).isEqualTo("Robot-2");

    String manager = gateway.tenants().memberPat(t, "v2-search-user-manager", "ORG_USER_MANAGER");
    assertConnectError(connect.call(USERS + "ListUsers", manager, queries(inSecond)), 403, "permission_denied",
        "No matching permissions found", "AUTH-5mWD2");
    assertPlainConnectError(connect.call(USERS + "ListUsers", t.pat(), queries(new JsonObject()
        .put("inUserIdsQuery", new JsonObject().put("userIds", new JsonArray().add("1"))))), 501, "unimplemented",
        null);
  }

  private List<String> userNames(String token, JsonObject body) {
    return names(USERS + "ListUsers", token, body, "result", "username");
  }

  @Test
  void organizationsAreSearchedByNameAndId() {
    Tenants.Tenant t = gateway.tenants().create("v2-search-org-list");
    String sales = connect.ok(ORGS + "AddOrganization", t.pat(), new JsonObject().put("name", "Acme Sales"))
        .getString("organizationId");
    connect.ok(ORGS + "AddOrganization", t.pat(), new JsonObject().put("name", "acme support"));
    connect.ok(ORGS + "AddOrganization", t.pat(), new JsonObject().put("name", "Globex"));
    JsonObject acmeNames = new JsonObject().put("nameQuery", new JsonObject().put("name", "ACME ")
        .put("method", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE"));
    JsonObject salesId = new JsonObject().put("idQuery", new JsonObject().put("id", sales));

    assertThat(orgNames(t.pat(), queries(acmeNames))).containsExactlyInAnyOrder("Acme Sales", "acme support");
    assertThat(orgNames(t.pat(), queries(salesId))).containsExactly("Acme Sales");
    assertThat(orgNames(t.pat(), queries(salesId, acmeNames))).containsExactly("Acme Sales");
    assertThat(orgNames(t.pat(), queries(salesId, new JsonObject().put("nameQuery", new JsonObject()
        .put("name", "Globex"))))).isEmpty();
    JsonObject paged = connect.ok(ORGS + "ListOrganizations", t.pat(), queries(acmeNames)
        .put("query", new JsonObject().put("offset", "1").put("limit", 1).put("asc", true)));
    assertThat(paged.getJsonObject("details").getString("totalResult")).isEqualTo("2");
    assertThat(paged.getJsonArray("result").getJsonObject(0).getString("name")).isEqualTo("acme support");

    String orgOwner = gateway.tenants().memberPat(t, "v2-search-org-list-owner", "ORG_OWNER");
    assertThat(orgNames(orgOwner, queries(salesId))).as("an organization the caller may not see").isEmpty();
    assertThat(orgNames(orgOwner, queries(new JsonObject().put("nameQuery", new JsonObject()
        .put("name", "V2-SEARCH").put("method", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE")))))
        .containsExactly("v2-search-org-list");
    assertThat(orgNames(orgOwner, queries(acmeNames))).isEmpty();
  }

  private List<String> orgNames(String token, JsonObject body) {
    return names(ORGS + "ListOrganizations", token, body, "result", "name");
  }
}
