package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;


/** Credentials found across instances by what clients present,
    until they die. Every store's test classes implement this interface. */
public interface CredentialLookupContract extends StoreContract {

  @Test
  default void machineSecretsAreFoundByHashUntilReplacedOrTheirUserIsRemoved() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    String first = "secret-hash-1-" + svc.id();
    String second = "secret-hash-2-" + svc.id();
    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), first, CHANGE));
    assertThat(await(credentials().machineUserBySecretHash(first)).map(User::id)).contains(svc.id());

    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), second, CHANGE));
    assertThat(await(credentials().machineUserBySecretHash(first))).isEmpty();
    assertThat(await(credentials().machineUserBySecretHash(second)).map(User::id)).contains(svc.id());

    await(users().removeUser(a.instance().id(), a.orgId(), svc.id(), CHANGE));
    assertThat(await(credentials().machineUserBySecretHash(second))).isEmpty();
  }

  @Test
  default void machineKeysAreFoundByIdAndDieWithTheirUser() {
    StoreFixtures.Seeded a = seed("a");
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    MachineKey key = new MachineKey(a.instance().id(), svc.id(), nextId(), "KEY_TYPE_JSON", "pem",
        Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);

    User updated = await(users().addMachineKey(key, CHANGE));

    assertThat(updated.sequence()).isEqualTo(svc.sequence() + 1);
    assertThat(await(credentials().machineKey(key.id()))).contains(key);
    User ada = await(users().createUser(human(a.instance().id(), a.orgId(), "ada"), CHANGE));
    assertStoreError(() -> await(users().addMachineKey(new MachineKey(a.instance().id(), ada.id(), nextId(),
            "KEY_TYPE_JSON", "pem", Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW), CHANGE)),
        StoreException.Kind.PRECONDITION_FAILED, StoreException.Entity.USER);
    await(users().removeUser(a.instance().id(), a.orgId(), svc.id(), CHANGE));
    assertThat(await(credentials().machineKey(key.id()))).isEmpty();
  }

  @Test
  default void appsAreFoundByClientIdWithTheirKeysUntilRemoved() {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));
    assertThat(await(credentials().apiAppByClientId(app.clientId()))).contains(app);

    AppKey key = new AppKey(a.instance().id(), a.orgId(), project.id(), app.id(), nextId(), "pem",
        Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
    ApiApp keyed = await(apiApps().addApiAppKey(key, CHANGE));
    assertThat(keyed.sequence()).isEqualTo(app.sequence() + 1);
    assertThat(await(credentials().apiAppKey(key.id()))).contains(key);
    AppKey foreign = new AppKey(a.instance().id(), a.orgId(), project.id(), nextId(), nextId(), "pem",
        Instant.parse("9999-12-31T23:59:59Z"), StoreFixtures.NOW);
    assertStoreError(() -> await(apiApps().addApiAppKey(foreign, CHANGE)), StoreException.Kind.NOT_FOUND,
        StoreException.Entity.API_APP);

    await(apiApps().removeApiApp(a.instance().id(), a.orgId(), project.id(), app.id(), CHANGE));
    assertThat(await(credentials().apiAppByClientId(app.clientId()))).isEmpty();
    assertThat(await(credentials().apiAppKey(key.id()))).isEmpty();
  }
}
