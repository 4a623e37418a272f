package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;


/** Revoked tokens. Every store's test classes implement this interface. */
public interface RevocationStoreContract extends StoreContract {

  @Test
  default void revokedTokensStayRevoked() {
    StoreFixtures.Seeded a = seed("a");
    String tokenId = nextId();
    assertThat(await(revocations().isTokenRevoked(tokenId))).isFalse();
    await(revocations().revokeToken(new RevokedToken(a.instance().id(), tokenId, Instant.now().plusSeconds(3600))));
    await(revocations().revokeToken(new RevokedToken(a.instance().id(), tokenId, Instant.now().plusSeconds(3600))));
    assertThat(await(revocations().isTokenRevoked(tokenId))).isTrue();
  }
}
