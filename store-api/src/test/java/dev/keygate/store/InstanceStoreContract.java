package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreContract.unique;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.organization;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;


/** Instances: creation with everything an instance starts with, domains, listing,
    removal. Every store's test classes implement this interface. */
public interface InstanceStoreContract extends StoreContract {

  @Test
  default void createdInstanceIsFoundByIdAndEveryDomain() {
    NewInstance setup = newInstance("acme", unique("acme") + ".localhost", unique("login.acme") + ".example");
    Instance created = await(instances().createInstance(setup));

    assertThat(created.sequence()).isPositive();
    assertThat(await(instances().instance(created.id()))).contains(created);
    for (Instance.Domain domain : setup.instance().domains()) {
      assertThat(await(instances().instanceByDomain(domain.name())).map(Instance::id)).contains(created.id());
    }
    assertThat(await(instances().organization(created.id(), setup.firstOrg().id()))).isPresent();
    assertThat(await(users().user(created.id(), setup.owner().id()))).isPresent();
    assertThat(await(credentials().personalAccessTokenByHash(setup.ownerPat().tokenHash()))).contains(setup.ownerPat());
    assertThat(await(credentials().machineKey(setup.ownerKey().id()))).contains(setup.ownerKey());
  }

  /**
   * What a store counts against its capacity (the memory store's; PostgreSQL counts nothing) stays within it, and
   * removing an instance gives back what the instance held.
   */
  @Test
  default void removingAnInstanceGivesBackWhatItHeld() {
    StoreUsage usage = store().usage();
    long before = usage.usedBytes();
    NewInstance setup = newInstance("counted", unique("counted") + ".localhost");
    Instance instance = await(instances().createInstance(setup));
    await(projects().createProject(project(instance.id(), setup.firstOrg().id(), "counted"), CHANGE));
    if (usage == StoreUsage.UNBOUNDED) {
      // a store without a limit of its own counts nothing and is never full, whatever it holds
      assertThat(usage.usedBytes()).isZero();
      assertThat(usage.capacityBytes()).isEqualTo(Long.MAX_VALUE);
    } else {
      assertThat(usage.usedBytes()).isGreaterThan(before).isLessThanOrEqualTo(usage.capacityBytes());
    }
    assertThat(usage.fill()).isBetween(0.0, 1.0);

    await(instances().removeInstance(instance.id(), CHANGE));
    assertThat(usage.usedBytes()).isEqualTo(before);
  }

  @Test
  default void everyAggregatesEventsAreNumberedWithoutGapsOrRepeats() {
    NewInstance setup = newInstance("numbered", unique("numbered") + ".localhost");
    Instance instance = await(instances().createInstance(setup));
    String owner = setup.owner().id();

    // the owner's record carries the sequence of its last event (added, PAT, key), so its next change continues
    User stored = await(users().user(instance.id(), owner)).orElseThrow();
    User changed = await(users().setMachineSecret(instance.id(), setup.firstOrg().id(), owner, "h", CHANGE));

    assertThat(await(events().events(instance.id(), owner))).extracting(StoredEvent::sequence)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(stored.sequence()).isEqualTo(3);
    assertThat(changed.sequence()).isEqualTo(4);
    assertThat(await(events().events(instance.id(), instance.id()))).extracting(StoredEvent::sequence)
        .containsExactly(1L, 2L);
    assertThat(instance.sequence()).isEqualTo(2);
  }

  @Test
  default void aTakenDomainRejectsTheWholeInstance() {
    String shared = unique("shared") + ".example";
    await(instances().createInstance(newInstance("first", unique("first") + ".localhost", shared)));
    NewInstance second = newInstance("second", unique("second") + ".localhost", shared);

    assertStoreError(() -> await(instances().createInstance(second)), StoreException.Kind.ALREADY_EXISTS,
        StoreException.Entity.INSTANCE_DOMAIN);
    assertThat(await(instances().instance(second.instance().id()))).isEmpty();
    assertThat(await(credentials().personalAccessTokenByHash(second.ownerPat().tokenHash()))).isEmpty();
  }

  @Test
  default void removingAnInstanceRemovesEverythingItHeldAndFreesItsDomains() {
    NewInstance setup = newInstance("gone", unique("gone") + ".localhost");
    Instance instance = await(instances().createInstance(setup));
    Project project = await(projects().createProject(project(instance.id(), setup.firstOrg().id(), "p"), CHANGE));

    Instance removed = await(instances().removeInstance(instance.id(), CHANGE));

    assertThat(removed.sequence()).isGreaterThan(instance.sequence());
    assertThat(await(instances().instance(instance.id()))).isEmpty();
    assertThat(await(instances().instanceByDomain(setup.instance().domains().get(0).name()))).isEmpty();
    assertThat(await(credentials().personalAccessTokenByHash(setup.ownerPat().tokenHash()))).isEmpty();
    assertThat(await(projects().project(instance.id(), setup.firstOrg().id(), project.id()))).isEmpty();
    assertThat(await(users().user(instance.id(), setup.owner().id()))).isEmpty();
    assertStoreError(() -> await(instances().removeInstance(instance.id(), CHANGE)), StoreException.Kind.NOT_FOUND,
        StoreException.Entity.INSTANCE);
    // the domain can be used again
    await(instances().createInstance(newInstance("again", setup.instance().domains().get(0).name())));
  }

  @Test
  default void listingPagesByKeysetAndOffset() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(seed("page" + i).instance().id());
    }
    Page<Instance> all = await(instances().instances(new PageRequest(null, 0, 1000, true)));
    List<String> listed = all.items().stream().map(Instance::id).filter(ids::contains).toList();
    assertThat(listed).containsExactlyElementsOf(ids);
    assertThat(all.total()).isGreaterThanOrEqualTo(5);

    Page<Instance> afterSecond = await(instances().instances(new PageRequest(ids.get(1), 0, 2, true)));
    assertThat(afterSecond.items()).extracting(Instance::id).containsExactly(ids.get(2), ids.get(3));
    Page<Instance> withOffset = await(instances().instances(new PageRequest(ids.get(0), 2, 1, true)));
    assertThat(withOffset.items()).extracting(Instance::id).containsExactly(ids.get(3));
  }

  @Test
  default void aFurtherOrganizationIsAddedWithItsOwnEventAndHoldsUsersAndProjects() {
    StoreFixtures.Seeded a = seed("a");
    String instanceId = a.instance().id();
    Organization org = organization(instanceId, "second");

    Organization created = await(instances().createOrganization(org, CHANGE));

    assertThat(created).isEqualTo(new Organization(instanceId, org.id(), "second", org.createdAt(),
        org.createdAt(), 1));
    assertThat(await(instances().organization(instanceId, org.id()))).contains(created);
    assertThat(await(events().events(instanceId, org.id()))).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(EventTypes.ORG_ADDED);
      assertThat(event.aggregateType()).isEqualTo(EventTypes.Aggregate.ORG);
      assertThat(event.sequence()).isEqualTo(1);
      assertThat(event.actorId()).isEqualTo(CHANGE.actorId());
    });
    // a real organization: users and projects go into it, and its member events continue its sequence
    User ada = await(users().createUser(human(instanceId, org.id(), "ada"), CHANGE));
    await(projects().createProject(project(instanceId, org.id(), "p"), CHANGE));
    assertThat(await(users().setOrgMember(instanceId, org.id(), ada.id(), Set.of(User.Role.ORG_OWNER),
        CHANGE))).isEqualTo(2);
    // another instance does not see it
    StoreFixtures.Seeded b = seed("b");
    assertThat(await(instances().organization(b.instance().id(), org.id()))).isEmpty();
  }

  @Test
  default void organizationNamesAreUniquePerInstanceButNotAcrossInstances() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    await(instances().createOrganization(organization(instanceId, "shared"), CHANGE));
    await(instances().createOrganization(organization(b.instance().id(), "shared"), CHANGE));

    Organization clash = organization(instanceId, "shared");
    assertStoreError(() -> await(instances().createOrganization(clash, CHANGE)), StoreException.Kind.ALREADY_EXISTS,
        StoreException.Entity.ORGANIZATION_NAME);
    // the first organization's name ("a", the instance's) is taken too
    assertStoreError(() -> await(instances().createOrganization(organization(instanceId, "a"), CHANGE)),
        StoreException.Kind.ALREADY_EXISTS, StoreException.Entity.ORGANIZATION_NAME);
    Organization sameId = new Organization(instanceId, a.orgId(), "other", StoreFixtures.NOW, StoreFixtures.NOW,
        0);
    assertStoreError(() -> await(instances().createOrganization(sameId, CHANGE)), StoreException.Kind.ALREADY_EXISTS,
        StoreException.Entity.ORGANIZATION);
    // nothing of a refused organization was written
    assertThat(await(instances().organization(instanceId, clash.id()))).isEmpty();
    assertThat(await(events().events(instanceId, clash.id()))).isEmpty();
    assertThat(await(instances().organizations(instanceId, PageRequest.first(100))).total()).isEqualTo(2);
    assertStoreError(() -> await(instances().createOrganization(organization(nextId(), "x"), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.INSTANCE);
  }

  @Test
  default void organizationsArePagedByIdWithinTheirInstance() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    List<String> ids = new ArrayList<>(List.of(a.orgId()));
    for (int i = 0; i < 3; i++) {
      ids.add(await(instances().createOrganization(organization(instanceId, "org" + i), CHANGE)).id());
    }
    await(instances().createOrganization(organization(b.instance().id(), "elsewhere"), CHANGE));

    Page<Organization> all = await(instances().organizations(instanceId, PageRequest.first(100)));
    assertThat(all.items()).extracting(Organization::id).containsExactlyElementsOf(ids);
    assertThat(all.total()).isEqualTo(4);
    assertThat(await(instances().organizations(instanceId, PageRequest.first(2))).items())
        .extracting(Organization::id).containsExactly(ids.get(0), ids.get(1));
    Page<Organization> afterFirst = await(instances().organizations(instanceId, new PageRequest(ids.get(0), 0, 2,
        true)));
    assertThat(afterFirst.items()).extracting(Organization::id).containsExactly(ids.get(1), ids.get(2));
    assertThat(afterFirst.total()).isEqualTo(4);
    assertThat(await(instances().organizations(instanceId, new PageRequest(ids.get(0), 1, 1, true))).items())
        .extracting(Organization::id).containsExactly(ids.get(2));
    List<String> descending = new ArrayList<>(ids);
    Collections.reverse(descending);
    assertThat(await(instances().organizations(instanceId, new PageRequest(null, 0, 10, false))).items())
        .extracting(Organization::id).containsExactlyElementsOf(descending);
    assertThat(await(instances().organizations(b.instance().id(), PageRequest.first(100))).items())
        .extracting(Organization::id).doesNotContainAnyElementsOf(ids).hasSize(2);
    Page<Organization> none = await(instances().organizations(nextId(), PageRequest.first(100)));
    assertThat(none.items()).isEmpty();
    assertThat(none.total()).isZero();
  }
}
