package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;


/** Ecosystems and their clients: lookups that tell tombstones from other tenants,
    tokens. Every store's test classes implement this interface. */
public interface EcosystemStoreContract extends StoreContract {

  private Ecosystem ecosystem(StoreFixtures.Seeded tenant) {
    return await(ecosystems().createEcosystem(new Ecosystem(tenant.instance().id(), "C" + nextId() + "abcdef", "{}",
        null,
        StoreFixtures.NOW, StoreFixtures.NOW, null, 0), CHANGE));
  }

  private EcosystemClient client(Ecosystem ecosystem, String type) {
    return await(ecosystemClients().createClient(new EcosystemClient(ecosystem.instanceId(), ecosystem.id(), "K"
        + nextId(), type,
        "name", null, StoreFixtures.NOW, StoreFixtures.NOW, null, 0), CHANGE));
  }

  @Test
  default void lookupsTellFoundRemovedOtherTenantAndNeverExistedApart() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    Ecosystem live = ecosystem(a);
    Ecosystem gone = ecosystem(a);
    await(ecosystems().removeEcosystem(a.instance().id(), gone.id(), CHANGE));

    assertThat(await(ecosystems().ecosystem(a.instance().id(), live.id())).value()).isEqualTo(live);
    assertThat(await(ecosystems().ecosystem(a.instance().id(), gone.id())).state()).isEqualTo(Lookup.State.REMOVED);
    Lookup<Ecosystem> foreign = await(ecosystems().ecosystem(b.instance().id(), live.id()));
    assertThat(foreign.state()).isEqualTo(Lookup.State.OTHER_TENANT);
    assertThat(foreign.value()).isNull();
    assertThat(await(ecosystems().ecosystem(a.instance().id(), "C000000000000000000000000")).state())
        .isEqualTo(Lookup.State.NEVER_EXISTED);
    assertThat(await(ecosystems().ecosystems(a.instance().id(), PageRequest.first(10))).items()).containsExactly(live);
    assertThat(await(ecosystems().ecosystems(b.instance().id(), PageRequest.first(10))).items()).isEmpty();
  }

  @Test
  default void removedOrForeignEcosystemsTakeNoClientsAndCannotBeChanged() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    Ecosystem ecosystem = ecosystem(a);
    EcosystemClient foreign = new EcosystemClient(b.instance().id(), ecosystem.id(), "K" + nextId(), "server", null,
        null, StoreFixtures.NOW, StoreFixtures.NOW, null, 0);
    assertStoreError(() -> await(ecosystemClients().createClient(foreign, CHANGE)), StoreException.Kind.NOT_FOUND,
        StoreException.Entity.ECOSYSTEM);
    assertStoreError(() -> await(ecosystems().updateEcosystem(b.instance().id(), ecosystem.id(), "{}", null, CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);

    await(ecosystems().removeEcosystem(a.instance().id(), ecosystem.id(), CHANGE));
    assertStoreError(() -> await(ecosystemClients().createClient(new EcosystemClient(a.instance().id(), ecosystem.id(),
            "K" + nextId(), "server", null, null, StoreFixtures.NOW, StoreFixtures.NOW, null, 0), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);
    assertStoreError(() -> await(ecosystems().removeEcosystem(a.instance().id(), ecosystem.id(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);
    assertStoreError(() -> await(ecosystemClients().clients(a.instance().id(), ecosystem.id(), PageRequest.first(10))),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.ECOSYSTEM);
  }

  @Test
  default void clientsAreListedPerEcosystemAndUpdated() {
    StoreFixtures.Seeded a = seed("a");
    Ecosystem one = ecosystem(a);
    Ecosystem two = ecosystem(a);
    EcosystemClient first = client(one, "server");
    client(two, "application");

    EcosystemClient renamed = await(ecosystemClients().updateClient(a.instance().id(), first.id(), "new", "described",
        CHANGE));

    assertThat(renamed.sequence()).isGreaterThan(first.sequence());
    assertThat(await(ecosystemClients().clients(a.instance().id(), one.id(), PageRequest.first(10))).items())
        .extracting(EcosystemClient::name).containsExactly("new");
    assertThat(await(ecosystemClients().client(a.instance().id(), first.id())).value().description())
        .isEqualTo("described");
  }

  @Test
  default void tokensDieWithTheirClientAndWithTheirEcosystem() {
    StoreFixtures.Seeded a = seed("a");
    Ecosystem ecosystem = ecosystem(a);
    EcosystemClient first = client(ecosystem, "server");
    EcosystemClient second = client(ecosystem, "server");
    ClientToken t1 = new ClientToken(a.instance().id(), first.id(), nextId(), "hash-1-" + first.id(), null,
        StoreFixtures.NOW);
    ClientToken t2 = new ClientToken(a.instance().id(), second.id(), nextId(), "hash-2-" + second.id(), "d",
        StoreFixtures.NOW);
    await(ecosystemClients().addClientToken(t1, CHANGE));
    await(ecosystemClients().addClientToken(t2, CHANGE));
    assertThat(await(ecosystemClients().clientTokens(a.instance().id(), first.id()))).containsExactly(t1);
    assertThat(await(credentials().clientTokenByHash(t2.tokenHash()))).contains(t2);

    await(ecosystemClients().removeClient(a.instance().id(), first.id(), CHANGE));
    assertThat(await(credentials().clientTokenByHash(t1.tokenHash()))).isEmpty();
    assertThat(await(ecosystemClients().client(a.instance().id(), first.id())).state()).isEqualTo(Lookup.State.REMOVED);
    assertStoreError(() -> await(ecosystemClients().addClientToken(t1, CHANGE)), StoreException.Kind.NOT_FOUND,
        StoreException.Entity.CLIENT);

    await(ecosystems().removeEcosystem(a.instance().id(), ecosystem.id(), CHANGE));
    assertThat(await(credentials().clientTokenByHash(t2.tokenHash()))).isEmpty();
    assertThat(await(ecosystemClients().client(a.instance().id(), second.id())).state())
        .isEqualTo(Lookup.State.REMOVED);
  }
}
