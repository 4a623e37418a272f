package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.NOW;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A client token's expiry (Keygate's addition to Droplit's tokens) is kept, and absent means never. */
public interface ClientTokenExpiryContract extends StoreContract {

  @Test
  default void aClientTokensExpiryIsKeptAndFoundWithIt() {
    StoreFixtures.Seeded a = seed("a");
    Ecosystem ecosystem = await(ecosystems().createEcosystem(new Ecosystem(a.instance().id(),
        "C" + nextId() + "abcdef", "{}", null, NOW, NOW, null, 0),
        CHANGE));
    EcosystemClient client = await(ecosystemClients().createClient(new EcosystemClient(a.instance().id(),
        ecosystem.id(),
        "K" + nextId(), "server", null, null, NOW, NOW,
        null, 0), CHANGE));
    ClientToken expiring = new ClientToken(a.instance().id(), client.id(), nextId(), "hash-" + nextId(), null, NOW,
        NOW.plusSeconds(60));
    ClientToken forever = new ClientToken(a.instance().id(), client.id(), nextId(), "hash-" + nextId(), null, NOW);

    await(ecosystemClients().addClientToken(expiring, CHANGE));
    await(ecosystemClients().addClientToken(forever, CHANGE));

    assertThat(await(credentials().clientTokenByHash(expiring.tokenHash()))).contains(expiring);
    assertThat(await(ecosystemClients().clientTokens(a.instance().id(), client.id()))).containsExactly(expiring,
        forever);
    assertThat(expiring.isValidAt(NOW.plusSeconds(59))).isTrue();
    assertThat(expiring.isValidAt(NOW.plusSeconds(60))).isFalse();
    assertThat(forever.isValidAt(NOW.plusSeconds(999_999_999))).isTrue();
  }
}
