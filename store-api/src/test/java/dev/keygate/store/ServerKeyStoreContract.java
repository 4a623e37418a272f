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

  @Test
  default void aServerKeyIsReplacedOnlyWhileItIsStillTheExpectedOne() {
    await(serverKeys().serverKey("sealed", new byte[] {1, 2, 3}));

    boolean stale = await(serverKeys().replaceServerKey("sealed", new byte[] {7}, new byte[] {4, 5}));
    boolean current = await(serverKeys().replaceServerKey("sealed", new byte[] {1, 2, 3}, new byte[] {4, 5}));
    boolean absent = await(serverKeys().replaceServerKey("no-such-key", new byte[] {1}, new byte[] {2}));

    assertThat(stale).isFalse();
    assertThat(current).isTrue();
    assertThat(absent).isFalse();
    assertThat(await(serverKeys().serverKey("sealed", new byte[] {9}))).containsExactly(4, 5);
  }

  @Test
  default void everyServerKeyIsListedByName() {
    await(serverKeys().serverKey("listed-a", new byte[] {1}));
    await(serverKeys().serverKey("listed-b", new byte[] {2}));

    assertThat(await(serverKeys().serverKeyNames())).contains("listed-a", "listed-b");
  }
}
