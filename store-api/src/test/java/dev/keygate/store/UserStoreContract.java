package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.machineKey;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.organization;
import static dev.keygate.store.StoreFixtures.pat;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;


/** Users: names, secrets, PATs, memberships, removal,
    tenant isolation. Every store's test classes implement this interface. */
public interface UserStoreContract extends StoreContract {

  @Test
  default void userNamesAreUniquePerInstanceButNotAcrossInstances() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    await(users().createUser(machine(b.instance().id(), b.orgId(), "svc", Set.of()), CHANGE));

    assertStoreError(() -> await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE)),
        StoreException.Kind.ALREADY_EXISTS, StoreException.Entity.USER_NAME);
  }

  @Test
  default void aUserIsInvisibleFromAnotherInstanceAndCannotBeChangedFromAnotherOrg() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

    assertThat(await(users().user(b.instance().id(), svc.id()))).isEmpty();
    assertStoreError(() -> await(users().setMachineSecret(b.instance().id(), b.orgId(), svc.id(), "h", CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().removeUser(a.instance().id(), b.orgId(), svc.id(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
  }

  @Test
  default void aMachineSecretReplacesTheOldOneAndGrowsTheUserSequence() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

    User first = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "hash-1", CHANGE));
    User second = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "hash-2", CHANGE));

    assertThat(first.sequence()).isGreaterThan(svc.sequence());
    assertThat(second.sequence()).isGreaterThan(first.sequence());
    assertThat(await(users().user(a.instance().id(), svc.id())).orElseThrow().secretHash()).isEqualTo("hash-2");
    User cleared = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), null, CHANGE));
    assertThat(cleared.hasSecret()).isFalse();
    assertStoreError(() -> await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), null, CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.SECRET);
  }

  @Test
  default void humansHaveNoMachineSecretsNorPats() {
    StoreFixtures.Seeded a = seed("a");
    User ada = await(users().createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));

    assertStoreError(() -> await(users().setMachineSecret(a.instance().id(), a.orgId(), ada.id(), "h", CHANGE)),
        StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
    PersonalAccessToken pat = new PersonalAccessToken(a.instance().id(), ada.id(), nextId(), "pat-ada",
        Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
    assertStoreError(() -> await(users().addPersonalAccessToken(pat, CHANGE)),
        StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
  }

  @Test
  default void membershipRolesAreReplacedAndRecordedOnTheOrganization() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

    long first = await(users().setOrgMember(a.instance().id(), a.orgId(), svc.id(),
        Set.of(User.Role.ORG_USER_MANAGER, User.Role.ORG_PROJECT_CREATOR), CHANGE));
    Change later = new Change("actor-2", StoreFixtures.NOW.plusSeconds(60));
    long second = await(users().setOrgMember(a.instance().id(), a.orgId(), svc.id(), Set.of(User.Role.ORG_OWNER),
        later));

    assertThat(second).isGreaterThan(first);
    assertThat(await(users().user(a.instance().id(), svc.id())).orElseThrow().roles())
        .containsExactly(User.Role.ORG_OWNER);
    // the organization's sequence and change date are its latest event's
    Organization org = await(instances().organization(a.instance().id(), a.orgId())).orElseThrow();
    assertThat(org.sequence()).isEqualTo(second);
    assertThat(org.changedAt()).isEqualTo(later.at());
    assertThat(org.createdAt()).isEqualTo(a.instance().createdAt());
    assertThat(await(events().events(a.instance().id(), a.orgId()))).extracting(StoredEvent::type)
        .containsSubsequence("org.member.added", "org.member.added");
    StoreFixtures.Seeded b = seed("b");
    assertStoreError(() -> await(users().setOrgMember(a.instance().id(), b.orgId(), svc.id(), Set.of(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
  }

  @Test
  default void everyRoleIsKeptByNameAlone() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));

    for (User.Role role : User.Role.values()) {
      await(users().setOrgMember(a.instance().id(), a.orgId(), svc.id(), Set.of(role), CHANGE));
      assertThat(await(users().user(a.instance().id(), svc.id())).orElseThrow().roles()).as(role.name())
          .containsExactly(role);
    }
    User viewer = await(users().createUser(machine(a.instance().id(), a.orgId(), "viewer",
        Set.of(User.Role.ORG_OWNER_VIEWER)), CHANGE));
    assertThat(await(users().user(a.instance().id(), viewer.id())).orElseThrow().roles())
        .containsExactly(User.Role.ORG_OWNER_VIEWER);
  }

  @Test
  default void removingAUserRevokesItsPatsAndFreesItsName() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    PersonalAccessToken pat = new PersonalAccessToken(a.instance().id(), svc.id(), nextId(), "pat-" + svc.id(),
        Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
    await(users().addPersonalAccessToken(pat, CHANGE));
    assertThat(await(credentials().personalAccessTokenByHash(pat.tokenHash()))).contains(pat);

    await(users().removeUser(a.instance().id(), a.orgId(), svc.id(), CHANGE));

    assertThat(await(credentials().personalAccessTokenByHash(pat.tokenHash()))).isEmpty();
    assertThat(await(users().user(a.instance().id(), svc.id()))).isEmpty();
    await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
  }

  @Test
  default void usersAreFoundByNameWithinTheirInstance() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    User ada = await(users().createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));

    assertThat(await(users().userByName(a.instance().id(), "ada")).map(User::id)).contains(ada.id());
    assertThat(await(users().userByName(b.instance().id(), "ada"))).isEmpty();
  }

  /** Failures are failed futures carrying a typed error, never exceptions thrown by the call itself. */
  @Test
  default void failuresArriveAsFailedFuturesWithATypedError() {
    Future<User> future = users().setMachineSecret(nextId(), nextId(), nextId(), "h", CHANGE);
    assertStoreError(() -> await(future), StoreException.Kind.NOT_FOUND, StoreException.Entity.INSTANCE);
  }

  @Test
  default void anOrganizationsUsersArePagedById() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization other = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    List<String> ids = new ArrayList<>(List.of(a.owner().id()));
    for (int i = 0; i < 3; i++) {
      ids.add(await(users().createUser(human(instanceId, a.orgId(), "user" + i), CHANGE)).id());
    }
    User elsewhere = await(users().createUser(human(instanceId, other.id(), "elsewhere"), CHANGE));
    await(users().createUser(human(b.instance().id(), b.orgId(), "user0"), CHANGE));

    Page<User> all = await(users().users(instanceId, a.orgId(), PageRequest.first(100)));
    assertThat(all.items()).extracting(User::id).containsExactlyElementsOf(ids);
    assertThat(all.total()).isEqualTo(4);
    assertThat(all.items().get(1)).isEqualTo(await(users().user(instanceId, ids.get(1))).orElseThrow());
    assertThat(await(users().users(instanceId, a.orgId(), PageRequest.first(2))).items()).extracting(User::id)
        .containsExactly(ids.get(0), ids.get(1));
    assertThat(await(users().users(instanceId, a.orgId(), new PageRequest(ids.get(0), 0, 2, true))).items())
        .extracting(User::id).containsExactly(ids.get(1), ids.get(2));
    assertThat(await(users().users(instanceId, a.orgId(), new PageRequest(ids.get(0), 1, 1, true))).items())
        .extracting(User::id).containsExactly(ids.get(2));
    assertThat(await(users().users(instanceId, a.orgId(), new PageRequest(null, 0, 2, false))).items())
        .extracting(User::id).containsExactly(ids.get(3), ids.get(2));
    Page<User> ofOther = await(users().users(instanceId, other.id(), PageRequest.first(100)));
    assertThat(ofOther.items()).extracting(User::id).containsExactly(elsewhere.id());
    assertThat(ofOther.total()).isEqualTo(1);
    Page<User> foreign = await(users().users(b.instance().id(), a.orgId(), PageRequest.first(100)));
    assertThat(foreign.items()).isEmpty();
    assertThat(foreign.total()).isZero();

    await(users().removeUser(instanceId, a.orgId(), ids.get(2), CHANGE));
    Page<User> afterRemoval = await(users().users(instanceId, a.orgId(), PageRequest.first(100)));
    assertThat(afterRemoval.items()).extracting(User::id).containsExactly(ids.get(0), ids.get(1), ids.get(3));
    assertThat(afterRemoval.total()).isEqualTo(3);
  }

  @Test
  default void aUsersPatsArePagedByIdAndOnlyFromItsInstance() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    User svc = await(users().createUser(machine(instanceId, a.orgId(), "svc", Set.of()), CHANGE));
    User other = await(users().createUser(machine(instanceId, a.orgId(), "other", Set.of()), CHANGE));
    List<PersonalAccessToken> pats = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      PersonalAccessToken pat = pat(svc);
      await(users().addPersonalAccessToken(pat, CHANGE));
      pats.add(pat);
    }
    await(users().addPersonalAccessToken(pat(other), CHANGE));

    Page<PersonalAccessToken> all = await(users().personalAccessTokens(instanceId, svc.id(), PageRequest.first(100)));
    assertThat(all.items()).containsExactlyElementsOf(pats);
    assertThat(all.total()).isEqualTo(3);
    assertThat(await(users().personalAccessTokens(instanceId, svc.id(), PageRequest.first(2))).items())
        .containsExactly(pats.get(0), pats.get(1));
    assertThat(await(users().personalAccessTokens(instanceId, svc.id(), new PageRequest(pats.get(0).id(), 0, 5,
        true))).items()).containsExactly(pats.get(1), pats.get(2));
    assertThat(await(users().personalAccessTokens(instanceId, svc.id(), new PageRequest(pats.get(0).id(), 1, 5,
        true))).items()).containsExactly(pats.get(2));
    assertThat(await(users().personalAccessTokens(instanceId, svc.id(), new PageRequest(null, 0, 1, false)))
        .items()).containsExactly(pats.get(2));
    // the owner's PAT, written with its instance, is listed and counted too
    Page<PersonalAccessToken> owners = await(users().personalAccessTokens(instanceId, a.owner().id(),
        PageRequest.first(100)));
    assertThat(owners.items()).extracting(PersonalAccessToken::tokenHash).containsExactly(a.patHash());
    assertThat(owners.total()).isEqualTo(1);
    assertStoreError(() -> await(users().personalAccessTokens(b.instance().id(), svc.id(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().personalAccessTokens(instanceId, nextId(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
  }

  @Test
  default void aRemovedPatStopsAuthenticatingAtOnceWithItsEventAndAnnouncement() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization otherOrg = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    User svc = await(users().createUser(machine(instanceId, a.orgId(), "svc", Set.of()), CHANGE));
    PersonalAccessToken kept = pat(svc);
    PersonalAccessToken removed = pat(svc);
    await(users().addPersonalAccessToken(kept, CHANGE));
    User before = await(users().addPersonalAccessToken(removed, CHANGE));
    awaitAnnouncedChanges(); // the adds' announcements are past: the listener hears only what follows
    List<String> heard = new CopyOnWriteArrayList<>();
    changeFeed().onCredentialChange(heard::add);

    // another instance's, another org's, another user's view of it: not found, nothing changes
    assertStoreError(() -> await(users().removePersonalAccessToken(b.instance().id(), b.orgId(), svc.id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().removePersonalAccessToken(instanceId, otherOrg.id(), svc.id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().removePersonalAccessToken(instanceId, a.orgId(), a.owner().id(),
        removed.id(), CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.PAT);
    assertThat(await(credentials().personalAccessTokenByHash(removed.tokenHash()))).contains(removed);
    assertThat(heard).doesNotContain(svc.id());

    User after = await(users().removePersonalAccessToken(instanceId, a.orgId(), svc.id(), removed.id(), CHANGE));

    assertThat(heard).contains(svc.id());
    assertThat(await(credentials().personalAccessTokenByHash(removed.tokenHash()))).isEmpty();
    assertThat(await(credentials().personalAccessTokenByHash(kept.tokenHash()))).contains(kept);
    assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
    assertThat(await(users().user(instanceId, svc.id())).orElseThrow().sequence()).isEqualTo(after.sequence());
    List<StoredEvent> events = await(events().events(instanceId, svc.id()));
    assertThat(events).extracting(StoredEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events.get(3).type()).isEqualTo(EventTypes.USER_PAT_REMOVED);
    assertThat(events.get(3).aggregateType()).isEqualTo(EventTypes.Aggregate.USER);
    Page<PersonalAccessToken> left = await(users().personalAccessTokens(instanceId, svc.id(), PageRequest.first(10)));
    assertThat(left.items()).containsExactly(kept);
    assertThat(left.total()).isEqualTo(1);
    assertStoreError(() -> await(users().removePersonalAccessToken(instanceId, a.orgId(), svc.id(), removed.id(),
        CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.PAT);
    assertThat(await(events().events(instanceId, svc.id()))).hasSize(4);
  }

  @Test
  default void aUsersMachineKeysArePagedByIdAndOnlyFromItsInstance() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    User svc = await(users().createUser(machine(instanceId, a.orgId(), "svc", Set.of()), CHANGE));
    List<MachineKey> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      MachineKey key = machineKey(svc);
      await(users().addMachineKey(key, CHANGE));
      keys.add(key);
    }

    Page<MachineKey> all = await(users().machineKeys(instanceId, svc.id(), PageRequest.first(100)));
    assertThat(all.items()).containsExactlyElementsOf(keys);
    assertThat(all.total()).isEqualTo(3);
    assertThat(await(users().machineKeys(instanceId, svc.id(), PageRequest.first(2))).items())
        .containsExactly(keys.get(0), keys.get(1));
    assertThat(await(users().machineKeys(instanceId, svc.id(), new PageRequest(keys.get(0).id(), 0, 5, true)))
        .items()).containsExactly(keys.get(1), keys.get(2));
    assertThat(await(users().machineKeys(instanceId, svc.id(), new PageRequest(keys.get(0).id(), 1, 5, true)))
        .items()).containsExactly(keys.get(2));
    assertThat(await(users().machineKeys(instanceId, svc.id(), new PageRequest(null, 0, 2, false))).items())
        .containsExactly(keys.get(2), keys.get(1));
    // the owner's key, written with its instance, is listed and counted too
    Page<MachineKey> owners = await(users().machineKeys(instanceId, a.owner().id(), PageRequest.first(100)));
    assertThat(owners.items()).hasSize(1);
    assertThat(owners.total()).isEqualTo(1);
    assertStoreError(() -> await(users().machineKeys(b.instance().id(), svc.id(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().machineKeys(instanceId, nextId(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
  }

  @Test
  default void aRemovedMachineKeyStopsAuthenticatingAtOnceWithItsEventAndAnnouncement() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    String instanceId = a.instance().id();
    Organization otherOrg = await(instances().createOrganization(organization(instanceId, "other"), CHANGE));
    User svc = await(users().createUser(machine(instanceId, a.orgId(), "svc", Set.of()), CHANGE));
    MachineKey kept = machineKey(svc);
    MachineKey removed = machineKey(svc);
    await(users().addMachineKey(kept, CHANGE));
    User before = await(users().addMachineKey(removed, CHANGE));
    awaitAnnouncedChanges(); // the adds' announcements are past: the listener hears only what follows
    List<String> heard = new CopyOnWriteArrayList<>();
    changeFeed().onCredentialChange(heard::add);

    assertStoreError(() -> await(users().removeMachineKey(b.instance().id(), b.orgId(), svc.id(), removed.id(),
        CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().removeMachineKey(instanceId, otherOrg.id(), svc.id(), removed.id(),
        CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().removeMachineKey(instanceId, a.orgId(), a.owner().id(), removed.id(),
        CHANGE)), StoreException.Kind.NOT_FOUND, StoreException.Entity.MACHINE_KEY);
    assertThat(await(credentials().machineKey(removed.id()))).contains(removed);
    assertThat(heard).doesNotContain(svc.id());

    User after = await(users().removeMachineKey(instanceId, a.orgId(), svc.id(), removed.id(), CHANGE));

    assertThat(heard).contains(svc.id());
    assertThat(await(credentials().machineKey(removed.id()))).isEmpty();
    assertThat(await(credentials().machineKey(kept.id()))).contains(kept);
    assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
    assertThat(await(users().user(instanceId, svc.id())).orElseThrow().sequence()).isEqualTo(after.sequence());
    List<StoredEvent> events = await(events().events(instanceId, svc.id()));
    assertThat(events).extracting(StoredEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events.get(3).type()).isEqualTo(EventTypes.USER_MACHINE_KEY_REMOVED);
    assertThat(events.get(3).aggregateType()).isEqualTo(EventTypes.Aggregate.USER);
    Page<MachineKey> left = await(users().machineKeys(instanceId, svc.id(), PageRequest.first(10)));
    assertThat(left.items()).containsExactly(kept);
    assertThat(left.total()).isEqualTo(1);
    assertStoreError(() -> await(users().removeMachineKey(instanceId, a.orgId(), svc.id(), removed.id(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.MACHINE_KEY);
    assertThat(await(events().events(instanceId, svc.id()))).hasSize(4);
  }

  @Test
  default void removingAUserTakesItsPatAndKeyListingsWithIt() {
    StoreFixtures.Seeded a = seed("a");
    String instanceId = a.instance().id();
    User svc = await(users().createUser(machine(instanceId, a.orgId(), "svc", Set.of()), CHANGE));
    await(users().addPersonalAccessToken(pat(svc), CHANGE));
    await(users().addMachineKey(machineKey(svc), CHANGE));

    await(users().removeUser(instanceId, a.orgId(), svc.id(), CHANGE));

    assertStoreError(() -> await(users().personalAccessTokens(instanceId, svc.id(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
    assertStoreError(() -> await(users().machineKeys(instanceId, svc.id(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
  }
}
