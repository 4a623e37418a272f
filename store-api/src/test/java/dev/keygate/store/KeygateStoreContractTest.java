package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KeygateStore} must have. An implementation's test module extends this class and
 * supplies the store; the same assertions then run unchanged against memory, PostgreSQL and any future store.
 */
public abstract class KeygateStoreContractTest {

  protected Vertx vertx;
  protected KeygateStore store;

  /** A fresh, empty store for each test. */
  protected abstract KeygateStore createStore(Vertx vertx);

  @BeforeEach
  void setUpStore() {
    vertx = Vertx.vertx();
    store = createStore(vertx);
  }

  @AfterEach
  void tearDownStore() {
    await(store.close());
    await(vertx.close());
  }

  private static String unique(String prefix) {
    return prefix + "-" + nextId();
  }

  protected StoreFixtures.Seeded seed(String name) {
    NewInstance setup = newInstance(name, unique(name) + ".localhost");
    Instance instance = await(store.createInstance(setup));
    return new StoreFixtures.Seeded(instance, setup.firstOrg().id(), setup.owner(), setup.ownerPat().tokenHash());
  }

  private static void assertStoreError(ThrowingCallable call, StoreException.Kind kind, StoreException.Entity entity) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.entity()).isEqualTo(entity);
    });
  }

  @Nested
  class Instances {

    @Test
    void createdInstanceIsFoundByIdAndEveryDomain() {
      NewInstance setup = newInstance("acme", unique("acme") + ".localhost", unique("login.acme") + ".example");
      Instance created = await(store.createInstance(setup));

      assertThat(created.sequence()).isPositive();
      assertThat(await(store.instance(created.id()))).contains(created);
      for (Instance.Domain domain : setup.instance().domains()) {
        assertThat(await(store.instanceByDomain(domain.name())).map(Instance::id)).contains(created.id());
      }
      assertThat(await(store.organization(created.id(), setup.firstOrg().id()))).isPresent();
      assertThat(await(store.user(created.id(), setup.owner().id()))).isPresent();
      assertThat(await(store.personalAccessTokenByHash(setup.ownerPat().tokenHash()))).contains(setup.ownerPat());
      assertThat(await(store.machineKeys(created.id(), setup.owner().id()))).containsExactly(setup.ownerKey());
    }

    @Test
    void everyAggregatesEventsAreNumberedWithoutGapsOrRepeats() {
      NewInstance setup = newInstance("numbered", unique("numbered") + ".localhost");
      Instance instance = await(store.createInstance(setup));
      String owner = setup.owner().id();

      // the owner's record carries the sequence of its last event (added, PAT, key), so its next change continues
      User stored = await(store.user(instance.id(), owner)).orElseThrow();
      User changed = await(store.setMachineSecret(instance.id(), setup.firstOrg().id(), owner, "h", CHANGE));

      assertThat(await(store.events(instance.id(), owner))).extracting(StoredEvent::sequence)
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(stored.sequence()).isEqualTo(3);
      assertThat(changed.sequence()).isEqualTo(4);
      assertThat(await(store.events(instance.id(), instance.id()))).extracting(StoredEvent::sequence)
          .containsExactly(1L, 2L);
      assertThat(instance.sequence()).isEqualTo(2);
    }

    @Test
    void aTakenDomainRejectsTheWholeInstance() {
      String shared = unique("shared") + ".example";
      await(store.createInstance(newInstance("first", unique("first") + ".localhost", shared)));
      NewInstance second = newInstance("second", unique("second") + ".localhost", shared);

      assertStoreError(() -> await(store.createInstance(second)), StoreException.Kind.ALREADY_EXISTS,
          StoreException.Entity.INSTANCE_DOMAIN);
      assertThat(await(store.instance(second.instance().id()))).isEmpty();
      assertThat(await(store.personalAccessTokenByHash(second.ownerPat().tokenHash()))).isEmpty();
    }

    @Test
    void removingAnInstanceRemovesEverythingItHeldAndFreesItsDomains() {
      NewInstance setup = newInstance("gone", unique("gone") + ".localhost");
      Instance instance = await(store.createInstance(setup));
      Project project = await(store.createProject(project(instance.id(), setup.firstOrg().id(), "p"), CHANGE));

      Instance removed = await(store.removeInstance(instance.id(), CHANGE));

      assertThat(removed.sequence()).isGreaterThan(instance.sequence());
      assertThat(await(store.instance(instance.id()))).isEmpty();
      assertThat(await(store.instanceByDomain(setup.instance().domains().get(0).name()))).isEmpty();
      assertThat(await(store.personalAccessTokenByHash(setup.ownerPat().tokenHash()))).isEmpty();
      assertThat(await(store.project(instance.id(), setup.firstOrg().id(), project.id()))).isEmpty();
      assertThat(await(store.user(instance.id(), setup.owner().id()))).isEmpty();
      assertStoreError(() -> await(store.removeInstance(instance.id(), CHANGE)), StoreException.Kind.NOT_FOUND,
          StoreException.Entity.INSTANCE);
      // the domain can be used again
      await(store.createInstance(newInstance("again", setup.instance().domains().get(0).name())));
    }

    @Test
    void listingPagesByKeysetAndOffset() {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(seed("page" + i).instance().id());
      }
      Page<Instance> all = await(store.instances(new PageRequest(null, 0, 1000, true)));
      List<String> listed = all.items().stream().map(Instance::id).filter(ids::contains).toList();
      assertThat(listed).containsExactlyElementsOf(ids);
      assertThat(all.total()).isGreaterThanOrEqualTo(5);

      Page<Instance> afterSecond = await(store.instances(new PageRequest(ids.get(1), 0, 2, true)));
      assertThat(afterSecond.items()).extracting(Instance::id).containsExactly(ids.get(2), ids.get(3));
      Page<Instance> withOffset = await(store.instances(new PageRequest(ids.get(0), 2, 1, true)));
      assertThat(withOffset.items()).extracting(Instance::id).containsExactly(ids.get(3));
    }
  }

  @Nested
  class Users {

    @Test
    void userNamesAreUniquePerInstanceButNotAcrossInstances() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
      await(store.createUser(machine(b.instance().id(), b.orgId(), "svc", Set.of()), CHANGE));

      assertStoreError(() -> await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE)),
          StoreException.Kind.ALREADY_EXISTS, StoreException.Entity.USER_NAME);
    }

    @Test
    void aUserIsInvisibleFromAnotherInstanceAndCannotBeChangedFromAnotherOrg() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

      assertThat(await(store.user(b.instance().id(), svc.id()))).isEmpty();
      assertStoreError(() -> await(store.setMachineSecret(b.instance().id(), b.orgId(), svc.id(), "h", CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
      assertStoreError(() -> await(store.removeUser(a.instance().id(), b.orgId(), svc.id(), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    }

    @Test
    void aMachineSecretReplacesTheOldOneAndGrowsTheUserSequence() {
      StoreFixtures.Seeded a = seed("a");
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

      User first = await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "hash-1", CHANGE));
      User second = await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "hash-2", CHANGE));

      assertThat(first.sequence()).isGreaterThan(svc.sequence());
      assertThat(second.sequence()).isGreaterThan(first.sequence());
      assertThat(await(store.user(a.instance().id(), svc.id())).orElseThrow().secretHash()).isEqualTo("hash-2");
      User cleared = await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), null, CHANGE));
      assertThat(cleared.hasSecret()).isFalse();
      assertStoreError(() -> await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), null, CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.SECRET);
    }

    @Test
    void humansHaveNoMachineSecretsNorPats() {
      StoreFixtures.Seeded a = seed("a");
      User ada = await(store.createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));

      assertStoreError(() -> await(store.setMachineSecret(a.instance().id(), a.orgId(), ada.id(), "h", CHANGE)),
          StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
      PersonalAccessToken pat = new PersonalAccessToken(a.instance().id(), ada.id(), nextId(), "pat-ada",
          Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
      assertStoreError(() -> await(store.addPersonalAccessToken(pat, CHANGE)),
          StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
    }

    @Test
    void membershipRolesAreReplacedAndRecordedOnTheOrganization() {
      StoreFixtures.Seeded a = seed("a");
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

      long first = await(store.setOrgMember(a.instance().id(), a.orgId(), svc.id(),
          Set.of(User.Role.ORG_USER_MANAGER, User.Role.ORG_PROJECT_CREATOR), CHANGE));
      long second = await(store.setOrgMember(a.instance().id(), a.orgId(), svc.id(), Set.of(User.Role.ORG_OWNER), CHANGE));

      assertThat(second).isGreaterThan(first);
      assertThat(await(store.user(a.instance().id(), svc.id())).orElseThrow().roles()).containsExactly(User.Role.ORG_OWNER);
      assertThat(await(store.organization(a.instance().id(), a.orgId())).orElseThrow().sequence()).isEqualTo(second);
      assertThat(await(store.events(a.instance().id(), a.orgId()))).extracting(StoredEvent::type)
          .containsSubsequence("org.member.added", "org.member.added");
      StoreFixtures.Seeded b = seed("b");
      assertStoreError(() -> await(store.setOrgMember(a.instance().id(), b.orgId(), svc.id(), Set.of(), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    }

    @Test
    void removingAUserRevokesItsPatsAndFreesItsName() {
      StoreFixtures.Seeded a = seed("a");
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
      PersonalAccessToken pat = new PersonalAccessToken(a.instance().id(), svc.id(), nextId(), "pat-" + svc.id(),
          Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
      await(store.addPersonalAccessToken(pat, CHANGE));
      assertThat(await(store.personalAccessTokenByHash(pat.tokenHash()))).contains(pat);

      await(store.removeUser(a.instance().id(), a.orgId(), svc.id(), CHANGE));

      assertThat(await(store.personalAccessTokenByHash(pat.tokenHash()))).isEmpty();
      assertThat(await(store.user(a.instance().id(), svc.id()))).isEmpty();
      await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    }
  }

  @Nested
  class ProjectsAndApps {

    @Test
    void everyChangeOfTheProjectAggregateGrowsItsSequence() {
      StoreFixtures.Seeded a = seed("a");
      Project project = await(store.createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
      ApiApp first = await(store.createApiApp(app(project, "one"), CHANGE));
      ApiApp second = await(store.createApiApp(app(project, "two"), CHANGE));
      ApiApp rotated = await(store.setApiAppSecret(a.instance().id(), a.orgId(), project.id(), first.id(), "new", CHANGE));

      assertThat(List.of(project.sequence(), first.sequence(), second.sequence(), rotated.sequence())).isSorted()
          .doesNotHaveDuplicates();
      assertThat(await(store.project(a.instance().id(), a.orgId(), project.id())).orElseThrow().sequence())
          .isEqualTo(rotated.sequence());
      List<StoredEvent> events = await(store.events(a.instance().id(), project.id()));
      assertThat(events).extracting(StoredEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
      assertThat(events).extracting(StoredEvent::type).containsExactly("project.added", "project.application.added",
          "project.application.added", "project.application.config.api.secret.changed");
      assertThat(events).allSatisfy(e -> assertThat(e.actorId()).isEqualTo(CHANGE.actorId()));
    }

    @Test
    void appNamesAreUniquePerProject() {
      StoreFixtures.Seeded a = seed("a");
      Project p1 = await(store.createProject(project(a.instance().id(), a.orgId(), "p1"), CHANGE));
      Project p2 = await(store.createProject(project(a.instance().id(), a.orgId(), "p2"), CHANGE));
      await(store.createApiApp(app(p1, "api"), CHANGE));
      await(store.createApiApp(app(p2, "api"), CHANGE));

      assertStoreError(() -> await(store.createApiApp(app(p1, "api"), CHANGE)), StoreException.Kind.ALREADY_EXISTS,
          StoreException.Entity.API_APP_NAME);
      // a removed app frees its name
      ApiApp listed = await(store.apiApps(a.instance().id(), a.orgId(), p1.id(), PageRequest.first(10))).items().get(0);
      await(store.removeApiApp(a.instance().id(), a.orgId(), p1.id(), listed.id(), CHANGE));
      await(store.createApiApp(app(p1, "api"), CHANGE));
    }

    @Test
    void fiftyParallelCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
      StoreFixtures.Seeded a = seed("a");
      Project project = await(store.createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        results.add(pool.submit(() -> {
          start.await();
          try {
            await(store.createApiApp(app(project, "contended"), CHANGE));
            return true;
          } catch (StoreException e) {
            assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
            return false;
          }
        }));
      }
      start.countDown();
      long winners = 0;
      for (java.util.concurrent.Future<Boolean> result : results) {
        if (result.get(30, TimeUnit.SECONDS)) {
          winners++;
        }
      }
      pool.shutdown();
      assertThat(winners).isEqualTo(1);
      assertThat(await(store.apiApps(a.instance().id(), a.orgId(), project.id(), PageRequest.first(100))).total())
          .isEqualTo(1);
    }

    @Test
    void projectsAndAppsOfAnotherOrgOrInstanceAreNotFound() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      Project project = await(store.createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
      ApiApp app = await(store.createApiApp(app(project, "api"), CHANGE));

      assertThat(await(store.project(b.instance().id(), b.orgId(), project.id()))).isEmpty();
      assertThat(await(store.project(a.instance().id(), b.orgId(), project.id()))).isEmpty();
      assertThat(await(store.apiApp(a.instance().id(), b.orgId(), project.id(), app.id()))).isEmpty();
      assertThat(await(store.apiApp(b.instance().id(), b.orgId(), project.id(), app.id()))).isEmpty();
      ApiApp foreign = new ApiApp(b.instance().id(), b.orgId(), project.id(), nextId(), "x", nextId(),
          ApiApp.AuthMethod.BASIC, "h", StoreFixtures.NOW, StoreFixtures.NOW, 0);
      assertStoreError(() -> await(store.createApiApp(foreign, CHANGE)), StoreException.Kind.NOT_FOUND,
          StoreException.Entity.PROJECT);
      assertStoreError(() -> await(store.removeApiApp(b.instance().id(), b.orgId(), project.id(), app.id(), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
    }

    @Test
    void removingAProjectRemovesItsApps() {
      StoreFixtures.Seeded a = seed("a");
      Project project = await(store.createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
      ApiApp app = await(store.createApiApp(app(project, "api"), CHANGE));

      await(store.removeProject(a.instance().id(), a.orgId(), project.id(), CHANGE));

      assertThat(await(store.apiApp(a.instance().id(), a.orgId(), project.id(), app.id()))).isEmpty();
      assertStoreError(() -> await(store.createApiApp(app(project, "late"), CHANGE)), StoreException.Kind.NOT_FOUND,
          StoreException.Entity.PROJECT);
      assertStoreError(() -> await(store.removeProject(a.instance().id(), a.orgId(), project.id(), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.PROJECT);
    }

    @Test
    void projectListingIsPerOrganization() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      for (int i = 0; i < 3; i++) {
        await(store.createProject(project(a.instance().id(), a.orgId(), "p" + i), CHANGE));
      }
      await(store.createProject(project(b.instance().id(), b.orgId(), "other"), CHANGE));

      Page<Project> page = await(store.projects(a.instance().id(), a.orgId(), new PageRequest(null, 1, 1, true)));
      assertThat(page.total()).isEqualTo(3);
      assertThat(page.items()).extracting(Project::name).containsExactly("p1");
      Page<Project> descending = await(store.projects(a.instance().id(), a.orgId(), new PageRequest(null, 0, 10, false)));
      assertThat(descending.items()).extracting(Project::name).containsExactly("p2", "p1", "p0");
    }
  }

  @Nested
  class EcosystemsAndClients {

    private Ecosystem ecosystem(StoreFixtures.Seeded tenant) {
      return await(store.createEcosystem(new Ecosystem(tenant.instance().id(), "C" + nextId() + "abcdef", "{}", null,
          StoreFixtures.NOW, StoreFixtures.NOW, null, 0), CHANGE));
    }

    private EcosystemClient client(Ecosystem ecosystem, String type) {
      return await(store.createClient(new EcosystemClient(ecosystem.instanceId(), ecosystem.id(), "K" + nextId(), type,
          "name", null, StoreFixtures.NOW, StoreFixtures.NOW, null, 0), CHANGE));
    }

    @Test
    void lookupsTellFoundRemovedOtherTenantAndNeverExistedApart() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      Ecosystem live = ecosystem(a);
      Ecosystem gone = ecosystem(a);
      await(store.removeEcosystem(a.instance().id(), gone.id(), CHANGE));

      assertThat(await(store.ecosystem(a.instance().id(), live.id())).value()).isEqualTo(live);
      assertThat(await(store.ecosystem(a.instance().id(), gone.id())).state()).isEqualTo(Lookup.State.REMOVED);
      Lookup<Ecosystem> foreign = await(store.ecosystem(b.instance().id(), live.id()));
      assertThat(foreign.state()).isEqualTo(Lookup.State.OTHER_TENANT);
      assertThat(foreign.value()).isNull();
      assertThat(await(store.ecosystem(a.instance().id(), "C000000000000000000000000")).state())
          .isEqualTo(Lookup.State.NEVER_EXISTED);
      assertThat(await(store.ecosystems(a.instance().id(), PageRequest.first(10))).items()).containsExactly(live);
      assertThat(await(store.ecosystems(b.instance().id(), PageRequest.first(10))).items()).isEmpty();
    }

    @Test
    void removedOrForeignEcosystemsTakeNoClientsAndCannotBeChanged() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      Ecosystem ecosystem = ecosystem(a);
      EcosystemClient foreign = new EcosystemClient(b.instance().id(), ecosystem.id(), "K" + nextId(), "server", null,
          null, StoreFixtures.NOW, StoreFixtures.NOW, null, 0);
      assertStoreError(() -> await(store.createClient(foreign, CHANGE)), StoreException.Kind.NOT_FOUND,
          StoreException.Entity.ECOSYSTEM);
      assertStoreError(() -> await(store.updateEcosystem(b.instance().id(), ecosystem.id(), "{}", null, CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);

      await(store.removeEcosystem(a.instance().id(), ecosystem.id(), CHANGE));
      assertStoreError(() -> await(store.createClient(new EcosystemClient(a.instance().id(), ecosystem.id(),
              "K" + nextId(), "server", null, null, StoreFixtures.NOW, StoreFixtures.NOW, null, 0), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);
      assertStoreError(() -> await(store.removeEcosystem(a.instance().id(), ecosystem.id(), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);
      assertStoreError(() -> await(store.clients(a.instance().id(), ecosystem.id(), PageRequest.first(10))),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);
    }

    @Test
    void clientsAreListedPerEcosystemAndUpdated() {
      StoreFixtures.Seeded a = seed("a");
      Ecosystem one = ecosystem(a);
      Ecosystem two = ecosystem(a);
      EcosystemClient first = client(one, "server");
      client(two, "application");

      EcosystemClient renamed = await(store.updateClient(a.instance().id(), first.id(), "new", "described", CHANGE));

      assertThat(renamed.sequence()).isGreaterThan(first.sequence());
      assertThat(await(store.clients(a.instance().id(), one.id(), PageRequest.first(10))).items())
          .extracting(EcosystemClient::name).containsExactly("new");
      assertThat(await(store.client(a.instance().id(), first.id())).value().description()).isEqualTo("described");
    }

    @Test
    void tokensDieWithTheirClientAndWithTheirEcosystem() {
      StoreFixtures.Seeded a = seed("a");
      Ecosystem ecosystem = ecosystem(a);
      EcosystemClient first = client(ecosystem, "server");
      EcosystemClient second = client(ecosystem, "server");
      ClientToken t1 = new ClientToken(a.instance().id(), first.id(), nextId(), "hash-1-" + first.id(), null, StoreFixtures.NOW);
      ClientToken t2 = new ClientToken(a.instance().id(), second.id(), nextId(), "hash-2-" + second.id(), "d", StoreFixtures.NOW);
      await(store.addClientToken(t1, CHANGE));
      await(store.addClientToken(t2, CHANGE));
      assertThat(await(store.clientTokens(a.instance().id(), first.id()))).containsExactly(t1);
      assertThat(await(store.clientTokenByHash(t2.tokenHash()))).contains(t2);

      await(store.removeClient(a.instance().id(), first.id(), CHANGE));
      assertThat(await(store.clientTokenByHash(t1.tokenHash()))).isEmpty();
      assertThat(await(store.client(a.instance().id(), first.id())).state()).isEqualTo(Lookup.State.REMOVED);
      assertStoreError(() -> await(store.addClientToken(t1, CHANGE)), StoreException.Kind.NOT_FOUND,
          StoreException.Entity.CLIENT);

      await(store.removeEcosystem(a.instance().id(), ecosystem.id(), CHANGE));
      assertThat(await(store.clientTokenByHash(t2.tokenHash()))).isEmpty();
      assertThat(await(store.client(a.instance().id(), second.id())).state()).isEqualTo(Lookup.State.REMOVED);
    }
  }

  @Nested
  class Credentials {

    @Test
    void machineSecretsAreFoundByHashUntilReplacedOrTheirUserIsRemoved() {
      StoreFixtures.Seeded a = seed("a");
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
      String first = "secret-hash-1-" + svc.id();
      String second = "secret-hash-2-" + svc.id();
      await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), first, CHANGE));
      assertThat(await(store.machineUserBySecretHash(first)).map(User::id)).contains(svc.id());

      await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), second, CHANGE));
      assertThat(await(store.machineUserBySecretHash(first))).isEmpty();
      assertThat(await(store.machineUserBySecretHash(second)).map(User::id)).contains(svc.id());

      await(store.removeUser(a.instance().id(), a.orgId(), svc.id(), CHANGE));
      assertThat(await(store.machineUserBySecretHash(second))).isEmpty();
    }

    @Test
    void machineKeysAreFoundByIdAndDieWithTheirUser() {
      StoreFixtures.Seeded a = seed("a");
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
      MachineKey key = new MachineKey(a.instance().id(), svc.id(), nextId(), "KEY_TYPE_JSON", "pem",
          Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);

      User updated = await(store.addMachineKey(key, CHANGE));

      assertThat(updated.sequence()).isEqualTo(svc.sequence() + 1);
      assertThat(await(store.machineKey(key.id()))).contains(key);
      assertThat(await(store.machineKeys(a.instance().id(), svc.id()))).containsExactly(key);
      User ada = await(store.createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));
      assertStoreError(() -> await(store.addMachineKey(new MachineKey(a.instance().id(), ada.id(), nextId(),
              "KEY_TYPE_JSON", "pem", Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW), CHANGE)),
          StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
      await(store.removeUser(a.instance().id(), a.orgId(), svc.id(), CHANGE));
      assertThat(await(store.machineKey(key.id()))).isEmpty();
    }

    @Test
    void appsAreFoundByClientIdWithTheirKeysUntilRemoved() {
      StoreFixtures.Seeded a = seed("a");
      Project project = await(store.createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
      ApiApp app = await(store.createApiApp(app(project, "api"), CHANGE));
      assertThat(await(store.apiAppByClientId(app.clientId()))).contains(app);

      AppKey key = new AppKey(a.instance().id(), a.orgId(), project.id(), app.id(), nextId(), "pem",
          Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
      ApiApp keyed = await(store.addApiAppKey(key, CHANGE));
      assertThat(keyed.sequence()).isEqualTo(app.sequence() + 1);
      assertThat(await(store.apiAppKey(key.id()))).contains(key);
      AppKey foreign = new AppKey(a.instance().id(), a.orgId(), project.id(), nextId(), nextId(), "pem",
          Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
      assertStoreError(() -> await(store.addApiAppKey(foreign, CHANGE)), StoreException.Kind.NOT_FOUND,
          StoreException.Entity.API_APP);

      await(store.removeApiApp(a.instance().id(), a.orgId(), project.id(), app.id(), CHANGE));
      assertThat(await(store.apiAppByClientId(app.clientId()))).isEmpty();
      assertThat(await(store.apiAppKey(key.id()))).isEmpty();
    }

    @Test
    void revokedTokensStayRevoked() {
      StoreFixtures.Seeded a = seed("a");
      String tokenId = nextId();
      assertThat(await(store.isTokenRevoked(tokenId))).isFalse();
      await(store.revokeToken(new RevokedToken(a.instance().id(), tokenId, Instant.now().plusSeconds(3600))));
      await(store.revokeToken(new RevokedToken(a.instance().id(), tokenId, Instant.now().plusSeconds(3600))));
      assertThat(await(store.isTokenRevoked(tokenId))).isTrue();
    }

    @Test
    void listenersHearOfEveryCredentialChangeBeforeTheCallCompletes() {
      List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      store.onCredentialChange(heard::add);
      StoreFixtures.Seeded a = seed("a");
      assertThat(heard).contains(KeygateStore.INSTANCES_CHANGED);
      User svc = await(store.createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
      Project project = await(store.createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
      ApiApp app = await(store.createApiApp(app(project, "api"), CHANGE));

      await(store.setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "h-" + svc.id(), CHANGE));
      assertThat(heard).contains(svc.id());
      await(store.setApiAppSecret(a.instance().id(), a.orgId(), project.id(), app.id(), "h-" + app.id(), CHANGE));
      assertThat(heard).contains(app.id());
      await(store.removeProject(a.instance().id(), a.orgId(), project.id(), CHANGE));
      assertThat(heard).contains(project.id());
      String tokenId = nextId();
      await(store.revokeToken(new RevokedToken(a.instance().id(), tokenId, Instant.now().plusSeconds(60))));
      assertThat(heard).contains(tokenId);
      await(store.removeInstance(a.instance().id(), CHANGE));
      assertThat(heard).contains(a.instance().id());
    }
  }

  @Nested
  class CommerceApplications {

    private CommerceApplication application(StoreFixtures.Seeded tenant, String orgId, String name, String type) {
      return new CommerceApplication(tenant.instance().id(), orgId, java.util.UUID.randomUUID().toString(), name, type,
          null, type.equals("application") ? nextId() : null, null, tenant.owner().id(), null, "Owner",
          StoreFixtures.NOW, StoreFixtures.NOW, 0);
    }

    @Test
    void applicationsAreListedPerOrganizationAndTypeAndFoundById() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      CommerceApplication app = await(store.createCommerceApplication(application(a, a.orgId(), "app", "application"),
          CHANGE));
      CommerceApplication ext = await(store.createCommerceApplication(application(a, a.orgId(), "ext", "extension"),
          CHANGE));
      await(store.createCommerceApplication(application(b, b.orgId(), "theirs", "extension"), CHANGE));

      assertThat(app.sequence()).isEqualTo(1);
      assertThat(await(store.commerceApplication(a.instance().id(), a.orgId(), app.id()))).contains(app);
      assertThat(await(store.commerceApplicationById(ext.id()))).contains(ext);
      assertThat(await(store.commerceApplication(b.instance().id(), b.orgId(), app.id()))).isEmpty();
      Page<CommerceApplication> all = await(store.commerceApplications(a.instance().id(), a.orgId(), null,
          PageRequest.first(10)));
      assertThat(all.items()).extracting(CommerceApplication::name).containsExactlyInAnyOrder("app", "ext");
      assertThat(all.total()).isEqualTo(2);
      Page<CommerceApplication> extensions = await(store.commerceApplications(a.instance().id(), a.orgId(),
          "extension", PageRequest.first(10)));
      assertThat(extensions.items()).containsExactly(ext);
      assertThat(extensions.total()).isEqualTo(1);
      assertStoreError(() -> await(store.createCommerceApplication(application(a, b.orgId(), "x", "extension"), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.ORGANIZATION);
    }

    @Test
    void renamingReplacingTheKeyAndRemovingAreChangesOfTheApplication() {
      StoreFixtures.Seeded a = seed("a");
      List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      store.onCredentialChange(heard::add);
      CommerceApplication app = await(store.createCommerceApplication(application(a, a.orgId(), "app", "application"),
          CHANGE));

      CommerceApplication renamed = await(store.updateCommerceApplication(a.instance().id(), a.orgId(), app.id(),
          "renamed", 30, CHANGE));
      assertThat(renamed.name()).isEqualTo("renamed");
      assertThat(renamed.lifetimeDays()).isEqualTo(30);
      assertThat(renamed.keyId()).isEqualTo(app.keyId());
      Instant expiry = StoreFixtures.NOW.plusSeconds(86_400);
      CommerceApplication rekeyed = await(store.setCommerceApplicationKey(a.instance().id(), a.orgId(), app.id(),
          "new-key", expiry, 1, CHANGE));
      assertThat(rekeyed.keyId()).isEqualTo("new-key");
      assertThat(rekeyed.keyExpiresAt()).isEqualTo(expiry);
      assertThat(rekeyed.sequence()).isEqualTo(3);
      assertThat(heard).contains(app.id());
      assertThat(await(store.commerceApplicationById(app.id()))).contains(rekeyed);

      await(store.removeCommerceApplication(a.instance().id(), a.orgId(), app.id(), CHANGE));
      assertThat(await(store.commerceApplicationById(app.id()))).isEmpty();
      assertStoreError(() -> await(store.removeCommerceApplication(a.instance().id(), a.orgId(), app.id(), CHANGE)),
          StoreException.Kind.NOT_FOUND, StoreException.Entity.COMMERCE_APP);
      assertThat(await(store.events(a.instance().id(), app.id()))).extracting(StoredEvent::sequence)
          .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void usersAreFoundByNameWithinTheirInstance() {
      StoreFixtures.Seeded a = seed("a");
      StoreFixtures.Seeded b = seed("b");
      User ada = await(store.createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));

      assertThat(await(store.userByName(a.instance().id(), "ada")).map(User::id)).contains(ada.id());
      assertThat(await(store.userByName(b.instance().id(), "ada"))).isEmpty();
    }
  }

  @Test
  void theFirstServerKeyWins() {
    byte[] first = await(store.serverKey("pepper", new byte[] {1, 2, 3}));
    byte[] second = await(store.serverKey("pepper", new byte[] {9, 9, 9}));

    assertThat(first).containsExactly(1, 2, 3);
    assertThat(second).containsExactly(1, 2, 3);
  }

  /** Failures are failed futures carrying a typed error, never exceptions thrown by the call itself. */
  @Test
  void failuresArriveAsFailedFuturesWithATypedError() {
    Future<User> future = store.setMachineSecret(nextId(), nextId(), nextId(), "h", CHANGE);
    assertStoreError(() -> await(future), StoreException.Kind.NOT_FOUND, StoreException.Entity.INSTANCE);
  }
}
