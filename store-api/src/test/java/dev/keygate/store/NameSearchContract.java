package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.organization;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Name searches ({@link TextMatch}) in the listings that take them: an organization's projects, a project's and an
 * organization's apps, an organization's users (with their kind), an instance's organizations. Each method, with and
 * without case; wildcards of any store's matching standing for themselves; paging and totals over the matches; never
 * another organization's or instance's rows. Every store's test classes implement this interface.
 */
public interface NameSearchContract extends StoreContract {

  List<String> NAMES = List.of("Ledger", "ledger-archive", "general ledger", "LEDGERS", "billing");

  private static TextMatch match(String text, TextMatch.Method method, boolean ignoreCase) {
    return new TextMatch(text, method, ignoreCase);
  }

  private StoreFixtures.Seeded seededWithProjects(String name, List<String> projectNames) {
    StoreFixtures.Seeded tenant = seed(name);
    for (String projectName : projectNames) {
      await(projects().createProject(project(tenant.instance().id(), tenant.orgId(), projectName), CHANGE));
    }
    return tenant;
  }

  private List<String> projectNames(StoreFixtures.Seeded tenant, TextMatch... names) {
    return names(await(projects().projects(tenant.instance().id(), tenant.orgId(), List.of(names),
        PageRequest.first(100))), Project::name);
  }

  private static <T> List<String> names(Page<T> page, Function<T, String> name) {
    assertThat(page.total()).as("the total counts what matches").isEqualTo(page.items().size());
    return page.items().stream().map(name).toList();
  }

  @Test
  default void eachMethodMatchesAsItSays() {
    StoreFixtures.Seeded a = seededWithProjects("search-methods", NAMES);

    assertThat(projectNames(a, match("ledger", TextMatch.Method.EQUALS, false))).isEmpty();
    assertThat(projectNames(a, match("Ledger", TextMatch.Method.EQUALS, false))).containsExactly("Ledger");
    assertThat(projectNames(a, match("LEDGER", TextMatch.Method.EQUALS, true))).containsExactly("Ledger");
    assertThat(projectNames(a, match("ledger", TextMatch.Method.STARTS_WITH, false)))
        .containsExactly("ledger-archive");
    assertThat(projectNames(a, match("ledger", TextMatch.Method.STARTS_WITH, true)))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "LEDGERS");
    assertThat(projectNames(a, match("edge", TextMatch.Method.CONTAINS, false)))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "general ledger");
    assertThat(projectNames(a, match("EDGE", TextMatch.Method.CONTAINS, true)))
        .containsExactlyInAnyOrder("Ledger", "ledger-archive", "general ledger", "LEDGERS");
    assertThat(projectNames(a, match("ledger", TextMatch.Method.ENDS_WITH, false)))
        .containsExactly("general ledger");
    assertThat(projectNames(a, match("LEDGER", TextMatch.Method.ENDS_WITH, true)))
        .containsExactlyInAnyOrder("Ledger", "general ledger");
    assertThat(projectNames(a, match("", TextMatch.Method.CONTAINS, false))).hasSize(NAMES.size());
    assertThat(projectNames(a)).as("no search: every project").hasSize(NAMES.size());
  }

  @Test
  default void severalSearchesMustAllMatch() {
    StoreFixtures.Seeded a = seededWithProjects("search-and", NAMES);

    assertThat(projectNames(a, match("ledger", TextMatch.Method.CONTAINS, true),
        match("s", TextMatch.Method.ENDS_WITH, true))).containsExactly("LEDGERS");
    assertThat(projectNames(a, match("ledger", TextMatch.Method.CONTAINS, true),
        match("billing", TextMatch.Method.EQUALS, false))).isEmpty();
  }

  @Test
  default void wildcardsAndEscapesStandForThemselves() {
    StoreFixtures.Seeded a = seededWithProjects("search-literal",
        List.of("100%", "1000", "a_b", "axb", "back\\slash", "backslash", "it's", "[ab]"));

    assertThat(projectNames(a, match("%", TextMatch.Method.CONTAINS, false))).containsExactly("100%");
    assertThat(projectNames(a, match("10%", TextMatch.Method.STARTS_WITH, false))).isEmpty();
    assertThat(projectNames(a, match("_", TextMatch.Method.CONTAINS, true))).containsExactly("a_b");
    assertThat(projectNames(a, match("A_", TextMatch.Method.STARTS_WITH, true))).containsExactly("a_b");
    assertThat(projectNames(a, match("\\", TextMatch.Method.CONTAINS, false))).containsExactly("back\\slash");
    assertThat(projectNames(a, match("k\\s", TextMatch.Method.CONTAINS, false))).containsExactly("back\\slash");
    assertThat(projectNames(a, match("%", TextMatch.Method.EQUALS, false))).isEmpty();
    assertThat(projectNames(a, match("A_B", TextMatch.Method.EQUALS, true))).containsExactly("a_b");
    assertThat(projectNames(a, match("'", TextMatch.Method.CONTAINS, false))).containsExactly("it's");
    assertThat(projectNames(a, match("[a", TextMatch.Method.STARTS_WITH, false))).containsExactly("[ab]");
    assertThat(projectNames(a, match("a\0", TextMatch.Method.CONTAINS, false))).as("no name holds a NUL")
        .isEmpty();
  }

  @Test
  default void caseIsFoldedForAsciiLettersAlone() {
    StoreFixtures.Seeded a = seededWithProjects("search-case", List.of("Éclair", "éclair", "ÉCLAIR", "Straße"));

    assertThat(projectNames(a, match("éCLAIR", TextMatch.Method.EQUALS, true))).containsExactly("éclair");
    assertThat(projectNames(a, match("ÉCLAIR", TextMatch.Method.EQUALS, true)))
        .containsExactlyInAnyOrder("Éclair", "ÉCLAIR");
    assertThat(projectNames(a, match("CLAIR", TextMatch.Method.ENDS_WITH, true))).hasSize(3);
    assertThat(projectNames(a, match("STRASSE", TextMatch.Method.EQUALS, true))).isEmpty();
    assertThat(projectNames(a, match("straße", TextMatch.Method.EQUALS, true))).containsExactly("Straße");
  }

  @Test
  default void pagesAndTotalsAreOverTheMatchesAlone() {
    StoreFixtures.Seeded a = seed("search-paging");
    String instanceId = a.instance().id();
    for (int i = 0; i < 7; i++) {
      await(projects().createProject(project(instanceId, a.orgId(), (i % 2 == 0 ? "api-" : "web-") + i), CHANGE));
    }
    List<TextMatch> api = List.of(match("API-", TextMatch.Method.STARTS_WITH, true));

    Page<Project> second = await(projects().projects(instanceId, a.orgId(), api, new PageRequest(null, 1, 2, true)));
    assertThat(second.total()).isEqualTo(4);
    assertThat(second.items()).extracting(Project::name).containsExactly("api-2", "api-4");
    Page<Project> newest = await(projects().projects(instanceId, a.orgId(), api, new PageRequest(null, 0, 3, false)));
    assertThat(newest.total()).isEqualTo(4);
    assertThat(newest.items()).extracting(Project::name).containsExactly("api-6", "api-4", "api-2");
    Page<Project> beyond = await(projects().projects(instanceId, a.orgId(), api, new PageRequest(null, 4, 2, true)));
    assertThat(beyond.total()).isEqualTo(4);
    assertThat(beyond.items()).isEmpty();
    String after = newest.items().get(1).id();
    assertThat(await(projects().projects(instanceId, a.orgId(), api, new PageRequest(after, 0, 10, false))).items())
        .as("keyset paging after an id").extracting(Project::name).containsExactly("api-2", "api-0");
  }

  @Test
  default void projectSearchesStayInTheirOrganization() {
    StoreFixtures.Seeded a = seededWithProjects("search-tenant-a", List.of("shared-name", "mine"));
    StoreFixtures.Seeded b = seededWithProjects("search-tenant-b", List.of("shared-name", "shared-name-too"));
    Organization second = await(instances().createOrganization(organization(a.instance().id(), "second"), CHANGE));
    await(projects().createProject(project(a.instance().id(), second.id(), "shared-name"), CHANGE));

    assertThat(projectNames(a, match("shared", TextMatch.Method.STARTS_WITH, false))).containsExactly("shared-name");
    assertThat(await(projects().projects(a.instance().id(), b.orgId(),
        List.of(match("shared", TextMatch.Method.STARTS_WITH, false)), PageRequest.first(10))).total())
        .as("another instance's organization").isZero();
  }

  @Test
  default void appsAreSearchedInTheirProjectOrAcrossTheOrganization() {
    StoreFixtures.Seeded a = seed("search-apps");
    StoreFixtures.Seeded b = seed("search-apps-other");
    String instanceId = a.instance().id();
    Project first = await(projects().createProject(project(instanceId, a.orgId(), "first"), CHANGE));
    Project second = await(projects().createProject(project(instanceId, a.orgId(), "second"), CHANGE));
    Project theirs = await(projects().createProject(project(b.instance().id(), b.orgId(), "theirs"), CHANGE));
    for (String name : List.of("ledger", "Ledger-API", "billing")) {
      await(apiApps().createApiApp(app(first, name), CHANGE));
    }
    await(apiApps().createApiApp(app(second, "ledger"), CHANGE));
    await(apiApps().createApiApp(app(second, "payments"), CHANGE));
    await(apiApps().createApiApp(app(theirs, "ledger"), CHANGE));
    List<TextMatch> led = List.of(match("led", TextMatch.Method.CONTAINS, true));

    assertThat(names(await(apiApps().apiApps(instanceId, a.orgId(), first.id(), led, PageRequest.first(10))),
        ApiApp::name)).containsExactlyInAnyOrder("ledger", "Ledger-API");
    assertThat(names(await(apiApps().apiApps(instanceId, a.orgId(), second.id(),
        List.of(match("ledger", TextMatch.Method.EQUALS, false)), PageRequest.first(10))), ApiApp::name))
        .containsExactly("ledger");
    assertThat(names(await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), led, PageRequest.first(10))),
        ApiApp::name)).containsExactlyInAnyOrder("ledger", "Ledger-API", "ledger");

    Page<ApiApp> paged = await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), led, new PageRequest(null, 1, 1, true)));
    assertThat(paged.total()).isEqualTo(3);
    assertThat(paged.items()).extracting(ApiApp::name).containsExactly("Ledger-API");
    assertThat(await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), led, new PageRequest(null, 2, 5, true))).items())
        .extracting(ApiApp::projectId).containsExactly(second.id());
    assertThat(await(apiApps().apiAppsOfOrg(instanceId, b.orgId(), led, PageRequest.first(10))).total())
        .as("another instance's organization").isZero();
    StoreContract.assertStoreError(() -> await(apiApps().apiApps(instanceId, a.orgId(), theirs.id(), led,
        PageRequest.first(10))), StoreException.Kind.NOT_FOUND, StoreException.Entity.PROJECT);
  }

  @Test
  default void usersAreSearchedByKindAndUserName() {
    StoreFixtures.Seeded a = seed("search-users");
    String instanceId = a.instance().id();
    Organization org = await(instances().createOrganization(organization(instanceId, "people"), CHANGE));
    String tag = StoreContract.unique("u");
    await(users().createUser(machine(instanceId, org.id(), tag + "-robot-1", Set.of()), CHANGE));
    await(users().createUser(machine(instanceId, org.id(), tag + "-Robot-2", Set.of()), CHANGE));
    await(users().createUser(human(instanceId, org.id(), tag + "-ada"), CHANGE));
    await(users().createUser(human(instanceId, org.id(), tag + "-robot-fan"), CHANGE));
    await(users().createUser(machine(instanceId, a.orgId(), tag + "-robot-elsewhere", Set.of()), CHANGE));
    List<TextMatch> robot = List.of(match("robot", TextMatch.Method.CONTAINS, true));

    assertThat(names(await(users().users(instanceId, org.id(), User.Kind.MACHINE, List.of(), PageRequest.first(10))),
        User::userName)).containsExactlyInAnyOrder(tag + "-robot-1", tag + "-Robot-2");
    assertThat(names(await(users().users(instanceId, org.id(), User.Kind.HUMAN, robot, PageRequest.first(10))),
        User::userName)).containsExactly(tag + "-robot-fan");
    assertThat(names(await(users().users(instanceId, org.id(), null, robot, PageRequest.first(10))),
        User::userName)).containsExactlyInAnyOrder(tag + "-robot-1", tag + "-Robot-2", tag + "-robot-fan");
    assertThat(names(await(users().users(instanceId, org.id(), User.Kind.MACHINE,
        List.of(match(tag + "-robot-", TextMatch.Method.STARTS_WITH, false)), PageRequest.first(10))),
        User::userName)).containsExactly(tag + "-robot-1");

    Page<User> second = await(users().users(instanceId, org.id(), null, robot, new PageRequest(null, 1, 1, true)));
    assertThat(second.total()).isEqualTo(3);
    assertThat(second.items()).extracting(User::userName).containsExactly(tag + "-Robot-2");
  }

  @Test
  default void organizationsAreSearchedByNameInTheirInstance() {
    StoreFixtures.Seeded a = seed("search-orgs");
    StoreFixtures.Seeded b = seed("search-orgs-other");
    String instanceId = a.instance().id();
    for (String name : List.of("Acme Sales", "acme support", "Globex")) {
      await(instances().createOrganization(organization(instanceId, name), CHANGE));
    }
    await(instances().createOrganization(organization(b.instance().id(), "Acme elsewhere"), CHANGE));
    List<TextMatch> acme = List.of(match("ACME ", TextMatch.Method.STARTS_WITH, true));

    assertThat(names(await(instances().organizations(instanceId, acme, PageRequest.first(10))), Organization::name))
        .containsExactlyInAnyOrder("Acme Sales", "acme support");
    assertThat(names(await(instances().organizations(instanceId, List.of(match("Globex", TextMatch.Method.EQUALS,
        false)), PageRequest.first(10))), Organization::name)).containsExactly("Globex");
    Page<Organization> second = await(instances().organizations(instanceId, acme, new PageRequest(null, 1, 1, true)));
    assertThat(second.total()).isEqualTo(2);
    assertThat(second.items()).extracting(Organization::name).containsExactly("acme support");
  }
}
