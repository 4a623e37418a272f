package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.NOW;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.organization;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The instance-wide search of the event log: position order, paging without gaps or repeats, every filter, the
 * derived owner and actor name, and tenant isolation. Every store's test classes implement this interface.
 */
public interface EventStoreContract extends StoreContract {

  /** Every event of the instance, newest first (the tenants of these tests hold far fewer than a page). */
  private List<FoundEvent> all(String instanceId) {
    return await(events().search(instanceId, EventQuery.newestFirst(EventQuery.MAX_LIMIT)));
  }

  private static List<Long> positions(List<FoundEvent> found) {
    return found.stream().map(f -> f.event().position()).toList();
  }

  private static List<FoundEvent> reversed(List<FoundEvent> found) {
    List<FoundEvent> copy = new ArrayList<>(found);
    Collections.reverse(copy);
    return copy;
  }

  private Project newProject(StoreFixtures.Seeded tenant, String name, Change change) {
    return await(projects().createProject(project(tenant.instance().id(), tenant.orgId(), name), change));
  }

  @Test
  default void theSearchFindsTheInstancesEventsNewestFirstWithThePositionsTheAggregatesShow() {
    StoreFixtures.Seeded a = seed("a");
    Project billing = newProject(a, "billing", StoreFixtures.CHANGE);
    await(projects().removeProject(a.instance().id(), a.orgId(), billing.id(), StoreFixtures.CHANGE));

    List<FoundEvent> found = all(a.instance().id());

    assertThat(positions(found)).as("newest first, each position once").isSortedAccordingTo((x, y) -> y.compareTo(x))
        .doesNotHaveDuplicates();
    assertThat(found.get(0).event().type()).isEqualTo(EventTypes.PROJECT_REMOVED);
    assertThat(found.get(1).event().type()).isEqualTo(EventTypes.PROJECT_ADDED);
    // the aggregate's own read gives the same events with the same positions
    assertThat(await(events().events(a.instance().id(), billing.id())))
        .containsExactly(found.get(1).event(), found.get(0).event());
    assertThat(found).extracting(f -> f.event().instanceId()).containsOnly(a.instance().id());
    // ascending is the same page the other way round
    assertThat(await(events().search(a.instance().id(), EventQuery.newestFirst(EventQuery.MAX_LIMIT).oldestFirst())))
        .containsExactlyElementsOf(reversed(found));
  }

  @Test
  default void anotherInstancesEventsAreNeverFoundWhateverTheFilter() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    Project secretPlans = newProject(b, "secret-plans", new Change(b.owner().id(), NOW));

    assertThat(all(a.instance().id())).isNotEmpty().allSatisfy(f -> {
      assertThat(f.event().instanceId()).isEqualTo(a.instance().id());
      assertThat(f.event().aggregateId()).isNotEqualTo(secretPlans.id());
    });
    EventQuery any = EventQuery.newestFirst(EventQuery.MAX_LIMIT);
    assertThat(await(events().search(a.instance().id(), any.ofAggregate(secretPlans.id())))).isEmpty();
    assertThat(await(events().search(a.instance().id(), any.ownedBy(b.orgId())))).isEmpty();
    assertThat(await(events().search(a.instance().id(), any.byActor(b.owner().id())))).isEmpty();
    assertThat(await(events().search(a.instance().id(), any.ofAggregate(b.instance().id())))).isEmpty();
    // a cursor taken in another instance reads only this one's events
    long bPosition = all(b.instance().id()).get(0).event().position();
    assertThat(await(events().search(a.instance().id(), any.oldestFirst().after(bPosition))))
        .allSatisfy(f -> assertThat(f.event().instanceId()).isEqualTo(a.instance().id()));
    assertThat(await(events().search("no-such-instance", any))).isEmpty();
  }

  @Test
  default void pagesFollowEachOtherWithoutGapsOrRepeatsInBothOrdersWhileEventsAreWritten() {
    StoreFixtures.Seeded a = seed("a");
    for (int i = 0; i < 11; i++) {
      newProject(a, "p" + i, StoreFixtures.CHANGE);
    }
    List<FoundEvent> everything = all(a.instance().id());

    for (boolean ascending : List.of(false, true)) {
      EventQuery first = ascending ? EventQuery.newestFirst(4).oldestFirst() : EventQuery.newestFirst(4);
      List<FoundEvent> paged = new ArrayList<>();
      List<FoundEvent> page = await(events().search(a.instance().id(), first));
      Set<String> writtenMeanwhile = new HashSet<>();
      while (!page.isEmpty()) {
        assertThat(page.size()).isLessThanOrEqualTo(4);
        paged.addAll(page);
        // a write between two pages: newest first it is newer than every page still to come, so none shows it
        if (!ascending && writtenMeanwhile.size() < 2) {
          writtenMeanwhile.add(newProject(a, "meanwhile" + writtenMeanwhile.size(), StoreFixtures.CHANGE).id());
        }
        long cursor = page.get(page.size() - 1).event().position();
        page = await(events().search(a.instance().id(), first.after(cursor)));
      }
      if (ascending) {
        // oldest first, the pages run on into what was written while the other order paged
        List<FoundEvent> expected = reversed(all(a.instance().id()));
        assertThat(paged).as("ascending pages").containsExactlyElementsOf(expected);
      } else {
        assertThat(paged).as("descending pages").containsExactlyElementsOf(everything);
      }
    }
  }

  @Test
  default void eachFilterNarrowsTheSearchAndTheyCombine() {
    StoreFixtures.Seeded a = seed("a");
    String instanceId = a.instance().id();
    User svc = await(users().createUser(machine(instanceId, a.orgId(), "svc", Set.of()),
        new Change(a.owner().id(), NOW.plusSeconds(1))));
    Project early = newProject(a, "early", new Change(svc.id(), NOW.plusSeconds(2)));
    Project late = newProject(a, "late", new Change(svc.id(), NOW.plusSeconds(3)));
    await(projects().removeProject(instanceId, a.orgId(), late.id(), new Change(a.owner().id(), NOW.plusSeconds(4))));
    EventQuery any = EventQuery.newestFirst(EventQuery.MAX_LIMIT);

    assertThat(await(events().search(instanceId, any.ofAggregateTypes(Set.of(EventTypes.Aggregate.PROJECT)))))
        .extracting(f -> f.event().type())
        .containsExactly(EventTypes.PROJECT_REMOVED, EventTypes.PROJECT_ADDED, EventTypes.PROJECT_ADDED);
    assertThat(await(events().search(instanceId, any.ofAggregate(early.id()))))
        .extracting(f -> f.event().aggregateId()).containsExactly(early.id());
    assertThat(await(events().search(instanceId, any.ofTypes(Set.of(EventTypes.PROJECT_REMOVED,
        EventTypes.USER_MACHINE_ADDED)))))
        .extracting(f -> f.event().aggregateId()).containsExactly(late.id(), svc.id(), a.owner().id());
    assertThat(await(events().search(instanceId, any.byActor(svc.id()))))
        .extracting(f -> f.event().aggregateId()).containsExactly(late.id(), early.id());
    // both bounds are exclusive
    assertThat(await(events().search(instanceId, any.createdBetween(NOW.plusSeconds(1), NOW.plusSeconds(4)))))
        .extracting(f -> f.event().aggregateId()).containsExactly(late.id(), early.id());
    assertThat(await(events().search(instanceId, any.createdBetween(NOW.plusSeconds(3), null))))
        .extracting(f -> f.event().type()).containsExactly(EventTypes.PROJECT_REMOVED);
    assertThat(await(events().search(instanceId, any.createdBetween(null, NOW))))
        .as("the seed's events are at NOW, not before it").isEmpty();
    // combined: AND across filters, OR within one
    assertThat(await(events().search(instanceId, any.byActor(svc.id())
        .ofTypes(Set.of(EventTypes.PROJECT_ADDED, EventTypes.PROJECT_REMOVED))
        .createdBetween(NOW.plusSeconds(2), null))))
        .extracting(f -> f.event().aggregateId()).containsExactly(late.id());
    assertThat(await(events().search(instanceId, any.ofAggregate(early.id()).ofTypes(Set.of(
        EventTypes.PROJECT_REMOVED))))).isEmpty();
    assertThat(await(events().search(instanceId, any.ofTypes(Set.of("no.such.type"))))).isEmpty();
    assertThat(await(events().search(instanceId, EventQuery.newestFirst(2)))).hasSize(2);
  }

  @Test
  default void eachEventNamesItsOwnerAndItsActorAsTheyAreNow() {
    StoreFixtures.Seeded a = seed("a");
    String instanceId = a.instance().id();
    Organization sales = await(instances().createOrganization(organization(instanceId, "sales"),
        new Change(a.owner().id(), NOW)));
    User bot = await(users().createUser(machine(instanceId, sales.id(), "bot", Set.of()),
        new Change(a.owner().id(), NOW)));
    Project crm = await(projects().createProject(project(instanceId, sales.id(), "crm"), new Change(bot.id(), NOW)));
    await(users().removeUser(instanceId, sales.id(), bot.id(), new Change("system-user-ops", NOW)));
    EventQuery any = EventQuery.newestFirst(EventQuery.MAX_LIMIT);

    FoundEvent projectAdded = await(events().search(instanceId, any.ofAggregate(crm.id()))).get(0);
    assertThat(projectAdded.resourceOwner()).isEqualTo(sales.id());
    assertThat(projectAdded.actorName()).as("the actor was removed").isNull();
    FoundEvent orgAdded = await(events().search(instanceId, any.ofAggregate(sales.id()))).get(0);
    assertThat(orgAdded.resourceOwner()).isEqualTo(sales.id());
    assertThat(orgAdded.actorName()).isEqualTo(a.owner().displayName());
    assertThat(await(events().search(instanceId, any.ofAggregate(bot.id()))))
        .as("a removed user's events have no owner any more").hasSize(2)
        .allSatisfy(f -> assertThat(f.resourceOwner()).isNull())
        .extracting(FoundEvent::actorName).containsExactly(null, a.owner().displayName());
    assertThat(await(events().search(instanceId, any.ofAggregate(instanceId))))
        .isNotEmpty().allSatisfy(f -> assertThat(f.resourceOwner()).isEqualTo(instanceId));
    assertThat(await(events().search(instanceId, any.ownedBy(sales.id()))))
        .extracting(f -> f.event().aggregateId()).containsExactly(crm.id(), sales.id());
    assertThat(await(events().search(instanceId, any.ownedBy(a.orgId()))))
        .isNotEmpty().allSatisfy(f -> assertThat(f.resourceOwner()).isEqualTo(a.orgId()));
  }
}
