package dev.keygate.store.memory;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.appKey;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.machineKey;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.organization;
import static dev.keygate.store.StoreFixtures.pat;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.MachineKey;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity of the memory store: refusals past it, nothing half-written, removals giving room back. */
class CapacityAccountingTest {

  /** Room for the instance, one project and a few apps. */
  private static final long CAPACITY = 40_000;

  @Test
  void refusesAppsPastTheCapacityAndTakesOneMoreAfterARemoval() {
    KeygateStore store = MemoryStore.create(CAPACITY);
    NewInstance setup = newInstance("full");
    await(store.instances().createInstance(setup));
    String instanceId = setup.instance().id();
    String orgId = setup.firstOrg().id();
    Project project = await(store.projects().createProject(project(instanceId, orgId, "p"), CHANGE));
    List<ApiApp> apps = new ArrayList<>();
    StoreException refused = null;
    for (int i = 0; i < 1000 && refused == null; i++) {
      try {
        apps.add(await(store.apiApps().createApiApp(app(project, "app-" + i), CHANGE)));
      } catch (StoreException e) {
        refused = e;
      }
    }
    assertThat(refused).as("a refusal before 1000 apps").isNotNull();
    assertThat(refused.kind()).isEqualTo(StoreException.Kind.RESOURCE_EXHAUSTED);
    assertThat(refused.entity()).isEqualTo(StoreException.Entity.API_APP);
    assertThat(apps).hasSizeGreaterThan(5);
    assertThat(store.usage().usedBytes()).isLessThanOrEqualTo(CAPACITY);
    assertThat(store.usage().fill()).isGreaterThan(0.95);

    ApiApp refusedApp = app(project, "refused");
    assertThatThrownBy(() -> await(store.apiApps().createApiApp(refusedApp, CHANGE)))
        .isInstanceOf(StoreException.class);
    assertThat(await(store.apiApps().apiApp(instanceId, orgId, project.id(), refusedApp.id())))
        .as("nothing half-written")
        .isEmpty();
    assertThat(await(store.apiApps().apiApps(instanceId, orgId, project.id(), PageRequest.first(1000)))
        .total()).isEqualTo(apps.size());
    assertThatThrownBy(() -> await(store.projects().createProject(project(instanceId, orgId, "q"), CHANGE)))
        .isInstanceOf(StoreException.class);

    // reads still answer; removals are never refused and give their records' bytes back. Their events stay (up to
    // the log's bound, far away here), so the room of two removed apps is what one new app surely fits into.
    assertThat(await(store.apiApps().apiApp(instanceId, orgId, project.id(), apps.get(0).id()))).isPresent();
    long full = store.usage().usedBytes();
    await(store.apiApps().removeApiApp(instanceId, orgId, project.id(), apps.get(0).id(), CHANGE));
    assertThat(store.usage().usedBytes()).isEqualTo(full - Weights.app(apps.get(0)) + Weights.EVENT);
    await(store.apiApps().removeApiApp(instanceId, orgId, project.id(), apps.get(1).id(), CHANGE));
    assertThat(await(store.apiApps().createApiApp(app(project, "app-z"), CHANGE)).name()).isEqualTo("app-z");
    // and no more than the two removed apps gave back: at most one more, then refusals again
    int more = 0;
    try {
      for (; more < 10; more++) {
        await(store.apiApps().createApiApp(app(project, "app-" + more), CHANGE));
      }
    } catch (StoreException e) {
      assertThat(e.kind()).isEqualTo(StoreException.Kind.RESOURCE_EXHAUSTED);
    }
    assertThat(more).isLessThanOrEqualTo(1);
  }

  @Test
  void lastUsesOfNewCredentialsTakeRoomAndAFullStoreStopsRecordingThem() {
    KeygateStore store = MemoryStore.create(CAPACITY);
    NewInstance setup = newInstance("used");
    await(store.instances().createInstance(setup));
    String instanceId = setup.instance().id();
    long start = store.usage().usedBytes();
    Instant at = Instant.parse("2026-12-01T12:00:00Z");
    await(store.credentialUses().recordLastUse(List.of(new CredentialUse(instanceId, "credential-0", at))));
    assertThat(store.usage().usedBytes()).isEqualTo(start + Weights.LAST_USE);
    await(store.credentialUses().recordLastUse(List.of(new CredentialUse(instanceId, "credential-0",
        at.plusSeconds(60)))));
    assertThat(store.usage().usedBytes()).as("a later use of the same credential takes nothing more")
        .isEqualTo(start + Weights.LAST_USE);

    int credentials = (int) (CAPACITY / Weights.LAST_USE) + 10;
    List<CredentialUse> uses = new ArrayList<>();
    for (int i = 1; i < credentials; i++) {
      uses.add(new CredentialUse(instanceId, "credential-" + i, at));
    }
    await(store.credentialUses().recordLastUse(uses)); // never refused: a use not recorded loses a time, not a request
    assertThat(store.usage().usedBytes()).isLessThanOrEqualTo(CAPACITY);
    Map<String, Instant> kept = await(store.credentialUses().lastUses(instanceId, List.of("credential-1",
        "credential-" + (credentials - 1))));
    assertThat(kept).as("the first new credential fits, the last one no more").containsOnlyKeys("credential-1");

    await(store.instances().removeInstance(instanceId, CHANGE));
    assertThat(store.usage().usedBytes()).as("everything given back, the last uses too").isZero();
  }

  @Test
  void removingTheInstanceGivesEverythingBack() {
    KeygateStore store = MemoryStore.create(1 << 20);
    NewInstance setup = newInstance("gone");
    await(store.instances().createInstance(setup));
    String instanceId = setup.instance().id();
    String orgId = setup.firstOrg().id();
    Project project = await(store.projects().createProject(project(instanceId, orgId, "p"), CHANGE));
    for (int i = 0; i < 20; i++) {
      await(store.apiApps().createApiApp(app(project, "app-" + i), CHANGE));
    }
    assertThat(store.usage().usedBytes()).isGreaterThan(Weights.INSTANCE);
    await(store.instances().removeInstance(instanceId, CHANGE));
    assertThat(store.usage().usedBytes()).isZero();
  }

  @Test
  void removingAProjectGivesBackItsApps() {
    KeygateStore store = MemoryStore.create(1 << 20);
    NewInstance setup = newInstance("projects");
    await(store.instances().createInstance(setup));
    long withInstance = store.usage().usedBytes();
    Project project = await(store.projects().createProject(project(setup.instance().id(), setup.firstOrg().id(), "p"),
        CHANGE));
    for (int i = 0; i < 20; i++) {
      await(store.apiApps().createApiApp(app(project, "app-" + i), CHANGE));
    }
    await(store.projects().removeProject(setup.instance().id(), setup.firstOrg().id(), project.id(), CHANGE));
    // only the events stay: 1 for the project, 20 for the apps, 1 for the removal
    assertThat(store.usage().usedBytes()).isEqualTo(withInstance + 22 * Weights.EVENT);
  }

  @Test
  void organizationsTakeRoomAndAFullStoreRefusesThem() {
    KeygateStore store = MemoryStore.create(CAPACITY);
    NewInstance setup = newInstance("orgs");
    await(store.instances().createInstance(setup));
    String instanceId = setup.instance().id();
    long before = store.usage().usedBytes();
    Organization first = organization(instanceId, "org-first");
    await(store.instances().createOrganization(first, CHANGE));
    assertThat(store.usage().usedBytes()).isEqualTo(before + Weights.organization(first) + Weights.EVENT);

    Organization refused = null;
    StoreException refusal = null;
    for (int i = 0; i < 1000 && refusal == null; i++) {
      Organization org = organization(instanceId, "org-" + i);
      try {
        await(store.instances().createOrganization(org, CHANGE));
      } catch (StoreException e) {
        refused = org;
        refusal = e;
      }
    }
    assertThat(refusal).as("a refusal before 1000 organizations").isNotNull();
    assertThat(refusal.kind()).isEqualTo(StoreException.Kind.RESOURCE_EXHAUSTED);
    assertThat(refusal.entity()).isEqualTo(StoreException.Entity.ORGANIZATION);
    assertThat(store.usage().usedBytes()).isLessThanOrEqualTo(CAPACITY);
    assertThat(await(store.instances().organization(instanceId, refused.id()))).as("nothing half-written").isEmpty();

    await(store.instances().removeInstance(instanceId, CHANGE));
    assertThat(store.usage().usedBytes()).isZero();
  }

  @Test
  void removedPatsAndKeysGiveTheirRoomBack() {
    KeygateStore store = MemoryStore.create(1 << 20);
    NewInstance setup = newInstance("credentials");
    await(store.instances().createInstance(setup));
    String instanceId = setup.instance().id();
    String orgId = setup.firstOrg().id();
    String userId = setup.owner().id();
    Project project = await(store.projects().createProject(project(instanceId, orgId, "p"), CHANGE));
    ApiApp app = await(store.apiApps().createApiApp(app(project, "api"), CHANGE));
    long before = store.usage().usedBytes();

    PersonalAccessToken pat = pat(setup.owner());
    await(store.users().addPersonalAccessToken(pat, CHANGE));
    assertThat(store.usage().usedBytes()).isEqualTo(before + Weights.PAT + Weights.EVENT);
    await(store.users().removePersonalAccessToken(instanceId, orgId, userId, pat.id(), CHANGE));
    MachineKey machineKey = machineKey(setup.owner());
    await(store.users().addMachineKey(machineKey, CHANGE));
    assertThat(store.usage().usedBytes()).isEqualTo(before + Weights.key(machineKey) + 3 * Weights.EVENT);
    await(store.users().removeMachineKey(instanceId, orgId, userId, machineKey.id(), CHANGE));
    AppKey appKey = appKey(app);
    await(store.apiApps().addApiAppKey(appKey, CHANGE));
    await(store.apiApps().removeApiAppKey(instanceId, orgId, project.id(), app.id(), appKey.id(), CHANGE));

    // only the six events stay
    assertThat(store.usage().usedBytes()).isEqualTo(before + 6 * Weights.EVENT);
    await(store.instances().removeInstance(instanceId, CHANGE));
    assertThat(store.usage().usedBytes()).isZero();
  }

  @Test
  void capacitySettingIsBytesWithAnOptionalUnit() {
    assertThat(MemoryStoreProvider.bytes("1000")).isEqualTo(1000);
    assertThat(MemoryStoreProvider.bytes("64k")).isEqualTo(64 * 1024);
    assertThat(MemoryStoreProvider.bytes(" 512M ")).isEqualTo(512L << 20);
    assertThat(MemoryStoreProvider.bytes("2g")).isEqualTo(2L << 30);
    for (String bad : List.of("", "m", "-1", "0", "ten", "1t", "99999999999g")) {
      assertThatThrownBy(() -> MemoryStoreProvider.bytes(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void defaultLeavesTheGatewayItsReserve() {
    assertThat(Capacity.defaultFor(2L << 30)).isEqualTo(((2L << 30) - Capacity.GATEWAY_RESERVE) / 2);
    assertThat(Capacity.defaultFor(64L << 20)).isEqualTo(Capacity.SMALLEST_DEFAULT);
  }

  @Test
  void endlessCreatesAndRemovalsKeepTheUsageLevelOnceTheEventLogIsFull() {
    KeygateStore store = MemoryStore.create(10_000_000, EventLog.CHUNK);
    NewInstance setup = newInstance("churn");
    await(store.instances().createInstance(setup));
    String instanceId = setup.instance().id();
    String orgId = setup.firstOrg().id();
    Project project = await(store.projects().createProject(project(instanceId, orgId, "p"), CHANGE));
    long[] usage = new long[4];
    for (int round = 0; round < usage.length; round++) {
      for (int i = 0; i < 3 * EventLog.CHUNK; i++) {
        ApiApp created = await(store.apiApps().createApiApp(app(project, "app-" + round + "-" + i), CHANGE));
        await(store.apiApps().removeApiApp(instanceId, orgId, project.id(), created.id(), CHANGE));
      }
      usage[round] = store.usage().usedBytes();
    }
    // the log holds one or two chunks (the newest may be partly filled): the usage swings by at most one chunk
    assertThat(usage[3]).isEqualTo(usage[1]);
    assertThat(Math.abs(usage[2] - usage[1])).isLessThanOrEqualTo(EventLog.CHUNK * Weights.EVENT);
    // the newest events are still there to read (an app's events belong to its project); the oldest are gone
    List<StoredEvent> events = await(store.events().events(instanceId, project.id()));
    assertThat(events).hasSizeBetween(1, EventLog.CHUNK);
    assertThat(events.get(events.size() - 1).sequence()).isEqualTo(1 + 4 * 3 * EventLog.CHUNK * 2);
    assertThat(events.get(0).sequence()).as("the project's first event is long gone").isGreaterThan(1);
  }
}
