package dev.keygate.store;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;


/** Server keys shared by every process on the store. Every store's test classes implement this interface. */
public interface ServerKeyStoreContract extends StoreContract {

  @Test
  default void theFirstServerKeyWins() {
    byte[] first = await(serverKeys().serverKey("pepper", new byte[] {1, 2, 3}));
    byte[] second = await(serverKeys().serverKey("pepper", new byte[] {9, 9, 9}));

    assertThat(first).containsExactly(1, 2, 3);
    assertThat(second).containsExactly(1, 2, 3);
  }
}
