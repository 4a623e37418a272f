package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Set;
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
    long second = await(users().setOrgMember(a.instance().id(), a.orgId(), svc.id(), Set.of(User.Role.ORG_OWNER),
        CHANGE));

    assertThat(second).isGreaterThan(first);
    assertThat(await(users().user(a.instance().id(), svc.id())).orElseThrow().roles())
        .containsExactly(User.Role.ORG_OWNER);
    assertThat(await(instances().organization(a.instance().id(), a.orgId())).orElseThrow().sequence())
        .isEqualTo(second);
    assertThat(await(events().events(a.instance().id(), a.orgId()))).extracting(StoredEvent::type)
        .containsSubsequence("org.member.added", "org.member.added");
    StoreFixtures.Seeded b = seed("b");
    assertStoreError(() -> await(users().setOrgMember(a.instance().id(), b.orgId(), svc.id(), Set.of(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
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
}
