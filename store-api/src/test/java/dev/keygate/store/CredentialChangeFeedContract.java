package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;


/** The credential-change feed. Every store's test classes implement this interface. */
public interface CredentialChangeFeedContract extends StoreContract {

  @Test
  default void listenersHearOfEveryCredentialChangeBeforeTheCallCompletes() {
    List<String> heard = new CopyOnWriteArrayList<>();
    changeFeed().onCredentialChange(heard::add);
    StoreFixtures.Seeded a = seed("a");
    assertThat(heard).contains(CredentialChangeFeed.INSTANCES_CHANGED);
    User svc = await(users().createUser(machine(a.instance().id(), a.orgId(), "svc", Set.of()), CHANGE));
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));

    await(users().setMachineSecret(a.instance().id(), a.orgId(), svc.id(), "h-" + svc.id(), CHANGE));
    assertThat(heard).contains(svc.id());
    await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), app.id(), "h-" + app.id(), CHANGE));
    assertThat(heard).contains(app.id());
    await(projects().removeProject(a.instance().id(), a.orgId(), project.id(), CHANGE));
    assertThat(heard).contains(project.id());
    String tokenId = nextId();
    await(revocations().revokeToken(new RevokedToken(a.instance().id(), tokenId, Instant.now().plusSeconds(60))));
    assertThat(heard).contains(tokenId);
    await(instances().removeInstance(a.instance().id(), CHANGE));
    assertThat(heard).contains(a.instance().id());
  }
}
