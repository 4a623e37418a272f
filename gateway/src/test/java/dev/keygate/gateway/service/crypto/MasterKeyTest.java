package dev.keygate.gateway.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sealing a server key under the master key: bound to its name, tamper-evident, naming its master key. */
class MasterKeyTest {

  private final MasterKey master = MasterKey.parse("KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=", "test");
  private final byte[] pepper = "thirty-two bytes of server key!!".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aSealedKeyOpensUnderItsNameOnly() {
    byte[] sealed = master.seal("secret-hash-pepper", pepper);

    assertThat(MasterKey.isSealed(sealed)).isTrue();
    assertThat(MasterKey.sealedUnder(sealed)).isEqualTo(master.id()).hasSize(16);
    assertThat(master.open("secret-hash-pepper", sealed)).isEqualTo(pepper);
    // moved to another name (an attacker swapping rows), it does not open
    assertThatThrownBy(() -> master.open("opaque-access-token-key", sealed))
        .hasMessageContaining("does not open under master key " + master.id());
  }

  @Test
  void anAlteredValueOrAnotherMasterKeyDoesNotOpen() {
    byte[] sealed = master.seal("k", pepper);
    byte[] altered = sealed.clone();
    altered[altered.length - 1] ^= 1;
    MasterKey other = MasterKey.random();

    assertThatThrownBy(() -> master.open("k", altered)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> other.open("k", sealed)).isInstanceOf(IllegalStateException.class);
    assertThat(other.id()).isNotEqualTo(master.id());
  }

  @Test
  void twoSealsOfOneKeyDifferAndAKeyInTheClearIsNotTakenForSealed() {
    assertThat(master.seal("k", pepper)).isNotEqualTo(master.seal("k", pepper));
    assertThat(MasterKey.isSealed(pepper)).isFalse();
    assertThat(MasterKey.isSealed(new byte[0])).isFalse();
  }
}
