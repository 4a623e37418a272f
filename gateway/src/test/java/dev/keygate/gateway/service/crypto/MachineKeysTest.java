package dev.keygate.gateway.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MachineKeysTest {

  /** PKCS#1 RSAPrivateKey: SEQUENCE { version 0, modulus, publicExponent, ... }. */
  @Test
  void pkcs1IsTheRsaPrivateKeyInsidePkcs8() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();

    byte[] pkcs1 = MachineKeys.pkcs1FromPkcs8(key.getEncoded());

    assertThat(pkcs1[0]).isEqualTo((byte) 0x30);
    int offset = 4; // 0x30 0x82 <2 length bytes>
    assertThat(Arrays.copyOfRange(pkcs1, offset, offset + 3)).containsExactly(0x02, 0x01, 0x00); // version 0
    offset += 3;
    assertThat(pkcs1[offset]).isEqualTo((byte) 0x02);
    int length = ((pkcs1[offset + 2] & 0xff) << 8) | (pkcs1[offset + 3] & 0xff); // 0x82 long form
    BigInteger modulus = new BigInteger(Arrays.copyOfRange(pkcs1, offset + 4, offset + 4 + length));
    assertThat(modulus).isEqualTo(key.getModulus());
  }

  @Test
  void pemWrapsAtSixtyFourColumns() {
    String pem = MachineKeys.pem("PUBLIC KEY", new byte[200]);
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
    assertThat(pem.lines().skip(1).limit(4)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
  }
}
