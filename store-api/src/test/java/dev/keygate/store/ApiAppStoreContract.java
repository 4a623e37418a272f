package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.appKey;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.organization;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;


/** API apps: children of the project aggregate,
    unique names per project. Every store's test classes implement this interface. */
public interface ApiAppStoreContract extends StoreContract {

  @Test
  default void everyChangeOfTheProjectAggregateGrowsItsSequence() {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp first = await(apiApps().createApiApp(app(project, "one"), CHANGE));
    ApiApp second = await(apiApps().createApiApp(app(project, "two"), CHANGE));
    ApiApp rotated = await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), first.id(), "new",
        CHANGE));

    assertThat(List.of(project.sequence(), first.sequence(), second.sequence(), rotated.sequence())).isSorted()
        .doesNotHaveDuplicates();
    assertThat(await(projects().project(a.instance().id(), a.orgId(), project.id())).orElseThrow().sequence())
        .isEqualTo(rotated.sequence());
    List<StoredEvent> events = await(events().events(a.instance().id(), project.id()));
    assertThat(events).extracting(StoredEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events).extracting(StoredEvent::type).containsExactly("project.added", "project.application.added",
        "project.application.added", "project.application.config.api.secret.changed");
    assertThat(events).allSatisfy(e -> assertThat(e.actorId()).isEqualTo(CHANGE.actorId()));
  }

  @Test
  default void appNamesAreUniquePerProject() {
    StoreFixtures.Seeded a = seed("a");
    Project p1 = await(projects().createProject(project(a.instance().id(), a.orgId(), "p1"), CHANGE));
    Project p2 = await(projects().createProject(project(a.instance().id(), a.orgId(), "p2"), CHANGE));
    await(apiApps().createApiApp(app(p1, "api"), CHANGE));
    await(apiApps().createApiApp(app(p2, "api"), CHANGE));

    assertStoreError(() -> await(apiApps().createApiApp(app(p1, "api"), CHANGE)), StoreException.Kind.ALREADY_EXISTS,
        StoreException.Entity.API_APP_NAME);
    // a removed app frees its name
    ApiApp listed = await(apiApps().apiApps(a.instance().id(), a.orgId(), p1.id(), PageRequest.first(10))).items()
        .get(0);
    await(apiApps().removeApiApp(a.instance().id(), a.orgId(), p1.id(), listed.id(), CHANGE));
    await(apiApps().createApiApp(app(p1, "api"), CHANGE));
  }

  @Test
  default void fiftyParallelCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          await(apiApps().createApiApp(app(project, "contended"), CHANGE));
          return true;
        } catch (StoreException e) {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
          return false;
        }
      }));
    }
    start.countDown();
    long winners = 0;
    for (Future<Boolean> result : results) {
      if (result.get(30, TimeUnit.SECONDS)) {
        winners++;
      }
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    assertThat(await(apiApps().apiApps(a.instance().id(), a.orgId(), project.id(), PageRequest.first(100))).total())
        .isEqualTo(1);
  }

  @Test
  default void anAppIsFoundByIdInAnyProjectOfItsOrganizationOnly() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization otherOrg = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    Project p1 = await(projects().createProject(project(instanceId, a.orgId(), "p1"), CHANGE));
    Project p2 = await(projects().createProject(project(instanceId, a.orgId(), "p2"), CHANGE));
    await(apiApps().createApiApp(app(p1, "one"), CHANGE));
    ApiApp two = await(apiApps().createApiApp(app(p2, "two"), CHANGE));

    assertThat(await(apiApps().apiAppById(instanceId, a.orgId(), two.id()))).contains(two);
    assertThat(await(apiApps().apiAppById(instanceId, a.orgId(), nextId()))).isEmpty();
    assertThat(await(apiApps().apiAppById(instanceId, otherOrg.id(), two.id()))).isEmpty();
    assertThat(await(apiApps().apiAppById(b.instance().id(), a.orgId(), two.id()))).isEmpty();
    assertThat(await(apiApps().apiAppById(b.instance().id(), b.orgId(), two.id()))).isEmpty();
    await(apiApps().removeApiApp(instanceId, a.orgId(), p2.id(), two.id(), CHANGE));
    assertThat(await(apiApps().apiAppById(instanceId, a.orgId(), two.id()))).isEmpty();
  }

  @Test
  default void anOrganizationsAppsArePagedByIdAcrossItsProjects() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization otherOrg = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    Project p1 = await(projects().createProject(project(instanceId, a.orgId(), "p1"), CHANGE));
    Project p2 = await(projects().createProject(project(instanceId, a.orgId(), "p2"), CHANGE));
    await(projects().createProject(project(instanceId, a.orgId(), "empty"), CHANGE));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // alternating projects: the listing interleaves them by id
      ids.add(await(apiApps().createApiApp(app(i % 2 == 0 ? p1 : p2, "app" + i), CHANGE)).id());
    }
    Project elsewhere = await(projects().createProject(project(instanceId, otherOrg.id(), "p"), CHANGE));
    ApiApp otherOrgsApp = await(apiApps().createApiApp(app(elsewhere, "app0"), CHANGE));
    Project foreign = await(projects().createProject(project(b.instance().id(), b.orgId(), "p"), CHANGE));
    await(apiApps().createApiApp(app(foreign, "app0"), CHANGE));

    Page<ApiApp> all = await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), PageRequest.first(100)));
    assertThat(all.items()).extracting(ApiApp::id).containsExactlyElementsOf(ids);
    assertThat(all.total()).isEqualTo(5);
    assertThat(all.items().get(1)).isEqualTo(await(apiApps().apiApp(instanceId, a.orgId(), p2.id(), ids.get(1)))
        .orElseThrow());
    assertThat(await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), PageRequest.first(2))).items())
        .extracting(ApiApp::id).containsExactly(ids.get(0), ids.get(1));
    Page<ApiApp> afterSecond = await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), new PageRequest(ids.get(1), 0, 2,
        true)));
    assertThat(afterSecond.items()).extracting(ApiApp::id).containsExactly(ids.get(2), ids.get(3));
    assertThat(afterSecond.total()).isEqualTo(5);
    assertThat(await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), new PageRequest(ids.get(0), 2, 2, true))).items())
        .extracting(ApiApp::id).containsExactly(ids.get(3), ids.get(4));
    assertThat(await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), new PageRequest(ids.get(4), 1, 2, false)))
        .items()).extracting(ApiApp::id).containsExactly(ids.get(2), ids.get(1));
    Page<ApiApp> ofOtherOrg = await(apiApps().apiAppsOfOrg(instanceId, otherOrg.id(), PageRequest.first(100)));
    assertThat(ofOtherOrg.items()).containsExactly(otherOrgsApp);
    assertThat(ofOtherOrg.total()).isEqualTo(1);
    Page<ApiApp> fromB = await(apiApps().apiAppsOfOrg(b.instance().id(), a.orgId(), PageRequest.first(100)));
    assertThat(fromB.items()).isEmpty();
    assertThat(fromB.total()).isZero();

    await(apiApps().removeApiApp(instanceId, a.orgId(), p1.id(), ids.get(0), CHANGE));
    await(projects().removeProject(instanceId, a.orgId(), p2.id(), CHANGE));
    Page<ApiApp> left = await(apiApps().apiAppsOfOrg(instanceId, a.orgId(), PageRequest.first(100)));
    assertThat(left.items()).extracting(ApiApp::id).containsExactly(ids.get(2), ids.get(4));
    assertThat(left.total()).isEqualTo(2);
  }

  @Test
  default void anAppsKeysArePagedByIdAndOnlyFromItsOrganization() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization otherOrg = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    Project project = await(projects().createProject(project(instanceId, a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));
    ApiApp sibling = await(apiApps().createApiApp(app(project, "sibling"), CHANGE));
    List<AppKey> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AppKey key = appKey(app);
      await(apiApps().addApiAppKey(key, CHANGE));
      keys.add(key);
    }
    await(apiApps().addApiAppKey(appKey(sibling), CHANGE));

    Page<AppKey> all = await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(),
        PageRequest.first(100)));
    assertThat(all.items()).containsExactlyElementsOf(keys);
    assertThat(all.total()).isEqualTo(3);
    assertThat(await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(), PageRequest.first(2)))
        .items()).containsExactly(keys.get(0), keys.get(1));
    assertThat(await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(),
        new PageRequest(keys.get(0).id(), 0, 5, true))).items()).containsExactly(keys.get(1), keys.get(2));
    assertThat(await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(),
        new PageRequest(keys.get(0).id(), 1, 5, true))).items()).containsExactly(keys.get(2));
    assertThat(await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(),
        new PageRequest(null, 0, 2, false))).items()).containsExactly(keys.get(2), keys.get(1));
    assertStoreError(() -> await(apiApps().apiAppKeys(instanceId, otherOrg.id(), project.id(), app.id(),
        PageRequest.first(10))), StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
    assertStoreError(() -> await(apiApps().apiAppKeys(b.instance().id(), b.orgId(), project.id(), app.id(),
        PageRequest.first(10))), StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
    assertStoreError(() -> await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), nextId(),
        PageRequest.first(10))), StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
  }

  @Test
  default void aRemovedAppKeyStopsAuthenticatingAtOnceWithItsEventAndAnnouncement() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization otherOrg = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    Project project = await(projects().createProject(project(instanceId, a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));
    ApiApp sibling = await(apiApps().createApiApp(app(project, "sibling"), CHANGE));
    AppKey kept = appKey(app);
    AppKey removed = appKey(app);
    AppKey siblings = appKey(sibling);
    await(apiApps().addApiAppKey(kept, CHANGE));
    await(apiApps().addApiAppKey(removed, CHANGE));
    ApiApp before = await(apiApps().addApiAppKey(siblings, CHANGE));
    awaitAnnouncedChanges(); // the adds' announcements are past: the listener hears only what follows
    List<String> heard = new CopyOnWriteArrayList<>();
    changeFeed().onCredentialChange(heard::add);

    // another instance's, another org's, another app's view of the key: not found, nothing changes
    assertStoreError(() -> await(apiApps().removeApiAppKey(b.instance().id(), b.orgId(), project.id(), app.id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
    assertStoreError(() -> await(apiApps().removeApiAppKey(instanceId, otherOrg.id(), project.id(), app.id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
    assertStoreError(() -> await(apiApps().removeApiAppKey(instanceId, a.orgId(), project.id(), app.id(),
        siblings.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.MACHINE_KEY);
    assertStoreError(() -> await(apiApps().removeApiAppKey(instanceId, a.orgId(), project.id(), sibling.id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.MACHINE_KEY);
    assertThat(await(credentials().apiAppKey(removed.id()))).contains(removed);
    assertThat(await(credentials().apiAppKey(siblings.id()))).contains(siblings);
    assertThat(heard).doesNotContain(app.id());

    AppKey answer = await(apiApps().removeApiAppKey(instanceId, a.orgId(), project.id(), app.id(), removed.id(),
        CHANGE));

    assertThat(answer).isEqualTo(removed);
    assertThat(heard).contains(app.id());
    assertThat(await(credentials().apiAppKey(removed.id()))).isEmpty();
    assertThat(await(credentials().apiAppKey(kept.id()))).contains(kept);
    long sequence = before.sequence() + 1;
    assertThat(await(projects().project(instanceId, a.orgId(), project.id())).orElseThrow().sequence())
        .isEqualTo(sequence);
    assertThat(await(apiApps().apiApp(instanceId, a.orgId(), project.id(), app.id())).orElseThrow().sequence())
        .isEqualTo(sequence);
    List<StoredEvent> events = await(events().events(instanceId, project.id()));
    assertThat(events).extracting(StoredEvent::sequence).last().isEqualTo(sequence);
    assertThat(events).hasSize((int) sequence);
    assertThat(events.get(events.size() - 1).type()).isEqualTo(EventTypes.APP_KEY_REMOVED);
    assertThat(events.get(events.size() - 1).aggregateType()).isEqualTo(EventTypes.Aggregate.PROJECT);
    Page<AppKey> left = await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(),
        PageRequest.first(10)));
    assertThat(left.items()).containsExactly(kept);
    assertThat(left.total()).isEqualTo(1);
    assertStoreError(() -> await(apiApps().removeApiAppKey(instanceId, a.orgId(), project.id(), app.id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.MACHINE_KEY);
    assertThat(await(events().events(instanceId, project.id()))).hasSize((int) sequence);
  }

  @Test
  default void removingAnAppTakesItsKeysListingWithIt() {
    StoreFixtures.Seeded a = seed("a");
    String instanceId = a.instance().id();
    Project project = await(projects().createProject(project(instanceId, a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));
    AppKey key = appKey(app);
    await(apiApps().addApiAppKey(key, CHANGE));

    await(apiApps().removeApiApp(instanceId, a.orgId(), project.id(), app.id(), CHANGE));

    assertThat(await(credentials().apiAppKey(key.id()))).isEmpty();
    assertStoreError(() -> await(apiApps().apiAppKeys(instanceId, a.orgId(), project.id(), app.id(),
        PageRequest.first(10))), StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
  }
}
