package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
    // a user nothing else here changed: on PostgreSQL, svc's earlier changes may still be echoed back at any time
    User holder = await(users().createUser(machine(a.instance().id(), a.orgId(), "holder", Set.of()), CHANGE));
    assertThat(heard).as("a user created").doesNotContain(holder.id());
    await(users().addPersonalAccessToken(StoreFixtures.pat(holder), CHANGE));
    assertThat(heard).as("a PAT added").contains(holder.id());
    await(instances().removeInstance(a.instance().id(), CHANGE));
    assertThat(heard).contains(a.instance().id());
  }

  @Test
  default void listenersHearOfEveryChangeOfAnEcosystemOrAClient() {
    StoreFixtures.Seeded a = seed("eco");
    String instanceId = a.instance().id();
    Ecosystem ecosystem = await(ecosystems().createEcosystem(new Ecosystem(instanceId, nextId(), "{}", null,
        CHANGE.at(), CHANGE.at(), null, 0), CHANGE));
    EcosystemClient client = await(ecosystemClients().createClient(new EcosystemClient(instanceId, ecosystem.id(),
        nextId(), "server", "c", null, CHANGE.at(), CHANGE.at(), null, 0), CHANGE));
    List<String> heard = new CopyOnWriteArrayList<>();
    changeFeed().onCredentialChange(heard::add);

    // each is told before its call completes (on PostgreSQL it may be told again, as its own notification returns)
    await(ecosystems().updateEcosystem(instanceId, ecosystem.id(), "{\"a\":1}", null, CHANGE));
    assertThat(heard).contains(ecosystem.id());
    heard.clear();
    await(ecosystemClients().updateClient(instanceId, client.id(), "renamed", null, CHANGE));
    assertThat(heard).contains(client.id());
    heard.clear();
    await(ecosystemClients().addClientToken(new ClientToken(instanceId, client.id(), nextId(), "token-" + nextId(),
        null, CHANGE.at(), CHANGE.at().plus(Duration.ofHours(1))), CHANGE));
    assertThat(heard).contains(client.id());
    heard.clear();
    await(ecosystemClients().removeClient(instanceId, client.id(), CHANGE));
    assertThat(heard).contains(client.id());
    heard.clear();
    await(ecosystems().removeEcosystem(instanceId, ecosystem.id(), CHANGE));
    assertThat(heard).contains(ecosystem.id());
  }
}
