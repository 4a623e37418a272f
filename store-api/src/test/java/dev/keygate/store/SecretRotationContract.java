package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.NOW;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rotation with overlap, the part of the user and API-app areas that keeps a previous secret: what is kept, what the
 * lookup finds, which events record it, ending it early, and that a plain set still drops the old secret at once.
 * Every store's test classes implement this interface.
 */
public interface SecretRotationContract extends StoreContract {

  Instant UNTIL = NOW.plus(Duration.ofHours(1));
  Change LATER = new Change("actor-1", NOW.plusSeconds(1));

  @Test
  default void aRotationKeepsThePreviousMachineSecretFindableUntilItsExpiry() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    String first = "hash-" + nextId();
    String second = "hash-" + nextId();
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), first, CHANGE));

    User rotated = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), second, UNTIL, LATER));

    assertThat(rotated.secretHash()).isEqualTo(second);
    assertThat(rotated.secretIssuedAt()).isEqualTo(LATER.at());
    assertThat(rotated.previousSecret()).isEqualTo(new PreviousSecret(first, NOW, UNTIL));
    assertThat(await(users().user(a.instance().id(), svc.id())).orElseThrow()).isEqualTo(rotated);
    assertThat(await(credentials().machineUserBySecretHash(first))).map(User::id).contains(svc.id());
    assertThat(await(credentials().machineUserBySecretHash(second))).map(User::id).contains(svc.id());
    assertThat(await(events().events(a.instance().id(), svc.id()))).extracting(StoredEvent::type)
        .endsWith(EventTypes.USER_MACHINE_SECRET_SET, EventTypes.USER_MACHINE_SECRET_ROTATED);
  }

  @Test
  default void aThirdRotationEndsTheOldestAndAPlainSetEndsTheOverlapAtOnce() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    String one = "hash-" + nextId();
    String two = "hash-" + nextId();
    String three = "hash-" + nextId();
    String four = "hash-" + nextId();
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), one, CHANGE));
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), two, UNTIL, CHANGE));

    User third = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), three, UNTIL, LATER));

    assertThat(third.previousSecret().hash()).isEqualTo(two);
    assertThat(await(credentials().machineUserBySecretHash(one))).isEmpty();
    User plain = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), four, LATER));
    assertThat(plain.previousSecret()).isNull();
    assertThat(await(credentials().machineUserBySecretHash(two))).isEmpty();
    assertThat(await(credentials().machineUserBySecretHash(three))).isEmpty();
    assertThat(await(credentials().machineUserBySecretHash(four))).map(User::id).contains(svc.id());
  }

  @Test
  default void aRotationWithoutASecretIsAPlainSetAndRemovingTheSecretRemovesBoth() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    String one = "hash-" + nextId();
    String two = "hash-" + nextId();

    User first = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), one, UNTIL, CHANGE));
    assertThat(first.previousSecret()).isNull();
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), two, UNTIL, CHANGE));
    User removed = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), null, LATER));

    assertThat(removed.previousSecret()).isNull();
    assertThat(await(credentials().machineUserBySecretHash(one))).isEmpty();
    assertThat(await(credentials().machineUserBySecretHash(two))).isEmpty();
    assertThat(await(events().events(a.instance().id(), svc.id()))).extracting(StoredEvent::type)
        .endsWith(EventTypes.USER_MACHINE_SECRET_SET, EventTypes.USER_MACHINE_SECRET_ROTATED,
            EventTypes.USER_MACHINE_SECRET_REMOVED);
  }

  @Test
  default void endingAMachineOverlapDropsThePreviousSecretOnlyWhileItIsValid() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    User ada = await(users().createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));
    String one = "hash-" + nextId();
    String two = "hash-" + nextId();
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), one, CHANGE));
    User rotated = await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), two, UNTIL, CHANGE));
    Change afterExpiry = new Change("actor-1", UNTIL);
    assertStoreError(() -> await(users().endMachineSecretOverlap(a.instance().id(), a.orgId(), svc.id(),
        afterExpiry)), StoreException.Kind.NOT_FOUND, StoreException.Entity.SECRET);

    User ended = await(users().endMachineSecretOverlap(a.instance().id(), a.orgId(), svc.id(), LATER));

    assertThat(ended.previousSecret()).isNull();
    assertThat(ended.secretHash()).isEqualTo(two);
    assertThat(ended.sequence()).isGreaterThan(rotated.sequence());
    assertThat(await(credentials().machineUserBySecretHash(one))).isEmpty();
    assertThat(await(events().events(a.instance().id(), svc.id()))).extracting(StoredEvent::type)
        .endsWith(EventTypes.USER_MACHINE_SECRET_PREVIOUS_REMOVED);
    assertStoreError(() -> await(users().endMachineSecretOverlap(a.instance().id(), a.orgId(), svc.id(), LATER)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.SECRET);
    assertStoreError(() -> await(users().endMachineSecretOverlap(a.instance().id(), a.orgId(), ada.id(), LATER)),
        StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
    StoreFixtures.Seeded b = seed("b");
    assertStoreError(() -> await(users().endMachineSecretOverlap(a.instance().id(), b.orgId(), svc.id(), LATER)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.USER);
  }

  /** Concurrent changes of one user may be applied together (PostgreSQL batches them): each rotates the one before. */
  @Test
  default void concurrentRotationsEachKeepTheSecretTheyReplaced() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "hash-" + nextId(), CHANGE));
    List<Future<User>> rotations = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rotations.add(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "hash-" + nextId(), UNTIL,
          CHANGE));
    }
    await(Future.all(rotations));

    User last = await(users().user(a.instance().id(), svc.id())).orElseThrow();
    List<String> applied = rotations.stream().map(f -> f.result()).sorted(
        Comparator.comparingLong(User::sequence)).map(User::secretHash).toList();
    assertThat(last.secretHash()).isEqualTo(applied.get(applied.size() - 1));
    assertThat(last.previousSecret().hash()).isEqualTo(applied.get(applied.size() - 2));
    assertThat(await(events().events(a.instance().id(), svc.id()))).extracting(StoredEvent::type)
        .filteredOn(EventTypes.USER_MACHINE_SECRET_ROTATED::equals).hasSize(8);
  }

  @Test
  default void anAppRotationKeepsThePreviousSecretUntilEndedOrReplaced() {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(StoreFixtures.project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(StoreFixtures.app(project, "api"), CHANGE));

    ApiApp rotated = await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), app.id(), "app-2",
        UNTIL, LATER));

    assertThat(rotated.previousSecret()).isEqualTo(new PreviousSecret(app.secretHash(), app.createdAt(), UNTIL));
    assertThat(rotated.secretIssuedAt()).isEqualTo(LATER.at());
    assertThat(await(credentials().apiAppByClientId(app.clientId()))).contains(rotated);
    assertThat(await(apiApps().apiApp(a.instance().id(), a.orgId(), project.id(), app.id()))).contains(rotated);
    ApiApp third = await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), app.id(), "app-3",
        UNTIL, LATER));
    assertThat(third.previousSecret().hash()).isEqualTo("app-2");
    ApiApp ended = await(apiApps().endApiAppSecretOverlap(a.instance().id(), a.orgId(), project.id(), app.id(), LATER));
    assertThat(ended.previousSecret()).isNull();
    assertThat(ended.sequence()).isGreaterThan(third.sequence());
    assertStoreError(() -> await(apiApps().endApiAppSecretOverlap(a.instance().id(), a.orgId(), project.id(), app.id(),
        LATER)), StoreException.Kind.NOT_FOUND, StoreException.Entity.SECRET);
    await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), app.id(), "app-4", UNTIL, LATER));
    ApiApp plain = await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), app.id(), "app-5",
        LATER));
    assertThat(plain.previousSecret()).isNull();
    assertThat(await(credentials().apiAppByClientId(app.clientId())).orElseThrow().previousSecret()).isNull();
    assertThat(await(events().events(a.instance().id(), project.id()))).extracting(StoredEvent::type)
        .containsSubsequence(EventTypes.APP_SECRET_ROTATED, EventTypes.APP_SECRET_ROTATED,
            EventTypes.APP_PREVIOUS_SECRET_REMOVED, EventTypes.APP_SECRET_ROTATED, EventTypes.APP_SECRET_CHANGED);
  }

  @Test
  default void anApplicationKeyRotationKeepsThePreviousKeyUntilItsOverlapOrItsOwnExpiryEnds() {
    StoreFixtures.Seeded a = seed("a");
    String firstKey = nextId();
    CommerceApplication created = await(commerceApplications()
        .createCommerceApplication(new CommerceApplication(a.instance().id(),
        a.orgId(), UUID.randomUUID().toString(), "sync", "application", null, firstKey,
        NOW.plus(Duration.ofMinutes(30)), a.owner().id(), null, "Owner", NOW, NOW, 0), CHANGE));

    CommerceApplication rotated = await(commerceApplications().setCommerceApplicationKey(a.instance().id(), a.orgId(),
        created.id(),
        "key-2", null, null, UNTIL, LATER));

    assertThat(rotated.previousKeyId()).isEqualTo(firstKey);
    assertThat(rotated.previousKeyExpiresAt()).as("the old key's own expiry is sooner").isEqualTo(
        NOW.plus(Duration.ofMinutes(30)));
    assertThat(await(credentials().commerceApplicationById(created.id()))).contains(rotated);
    assertThat(rotated.acceptsKey(firstKey, NOW)).isTrue();
    assertThat(rotated.acceptsKey(firstKey, NOW.plus(Duration.ofMinutes(30)))).isFalse();
    assertThat(rotated.acceptsKey("key-2", NOW.plus(Duration.ofDays(400)))).isTrue();
    CommerceApplication plain = await(commerceApplications().setCommerceApplicationKey(a.instance().id(), a.orgId(),
        created.id(),
        "key-3", null, null, LATER));
    assertThat(plain.previousKeyId()).isNull();
    assertThat(await(credentials().commerceApplicationById(created.id())).orElseThrow().acceptsKey("key-2", NOW))
        .isFalse();
    assertThat(await(events().events(a.instance().id(), created.id()))).extracting(StoredEvent::type)
        .endsWith(EventTypes.COMMERCE_APPLICATION_KEY_ROTATED, EventTypes.COMMERCE_APPLICATION_KEY_CHANGED);
  }
}
