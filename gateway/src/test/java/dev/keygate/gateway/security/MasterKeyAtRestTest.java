package dev.keygate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.service.crypto.MasterKey;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.KeygateStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the store holds of the server keys (its table, a dump, a replica): values sealed under the master key that open
 * no token, verify no signature and match no secret hash; a store of an earlier Keygate, with keys in the clear, is
 * sealed in place; a new master key re-seals everything while the previous one is given.
 */
@EveryStore
class MasterKeyAtRestTest {

  private static final String OTHER_KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
  private static final Map<String, String> GRANT = Map.of("grant_type", "client_credentials", "scope", "openid");

  /** A machine user with a secret: its client id, secret and the stored hash of the secret. */
  private record Robot(String clientId, String secret, String storedHash) {}

  private static Robot robot(TestGateway gateway, KeygateStore store, String name) {
    Tenants.Tenant tenant = gateway.tenants().create(name);
    String userId = gateway.tenants().machineUser(tenant, name + "-bot");
    JsonObject secret = gateway.http().put("/management/v1/users/" + userId + "/secret", tenant.pat(),
        new JsonObject()).json();
    String hash = TestGateway.await(store.users().user(tenant.instanceId(), userId)).orElseThrow().secretHash();
    return new Robot(secret.getString("clientId"), secret.getString("clientSecret"), hash);
  }

  /** The store's raw values, by name: what a dump of the database shows. */
  private static Map<String, byte[]> dump(KeygateStore store) {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (String name : TestGateway.await(store.serverKeys().serverKeyNames())) {
      values.put(name, TestGateway.await(store.serverKeys().serverKey(name, new byte[0])));
    }
    return values;
  }

  /**
   * Whether the value holds an EC private key: as PKCS#8 itself, or as the signing key's stored form (base64 of the
   * PKCS#8 key, a dot, base64 of the public key).
   */
  private static boolean holdsPrivateKey(byte[] value) {
    String text = new String(value, StandardCharsets.US_ASCII);
    byte[] der = value;
    if (text.matches("[A-Za-z0-9+/=]+\\.[A-Za-z0-9+/=]+")) {
      der = Base64.getDecoder().decode(text.substring(0, text.indexOf('.')));
    }
    try {
      KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aDumpOfTheStoreHoldsNoKeyThatOpensVerifiesOrMatches(KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    Robot robot;
    try (TestGateway gateway = TestGateway.start(store, new JsonObject())) {
      robot = robot(gateway, store, "dumped");
      assertThat(gateway.http().form("/oauth/v2/token", Http.basic(robot.clientId(), robot.secret()), GRANT)
          .status()).isEqualTo(200);
    }
    Map<String, byte[]> dump = dump(store);
    MasterKey master = MasterKey.parse(TestGateway.MASTER_KEY, "test");

    assertThat(dump).containsKeys(SecretHasher.PEPPER_KEY, "opaque-access-token-key", "idempotency-answer-key",
        "oauth-signing-key:k1");
    dump.forEach((name, stored) -> {
      byte[] plain = master.open(name, stored);
      assertThat(MasterKey.sealedUnder(stored)).as(name).isEqualTo(master.id());
      // not the key, and not even of its length: no AES or HMAC key, no PKCS#8 private key, no pepper
      assertThat(stored.length).as(name).isNotEqualTo(plain.length);
      assertThat(holdsPrivateKey(stored)).as(name).isFalse();
      assertThat(new SecretHasher(stored).matches(robot.secret(), robot.storedHash())).as(name).isFalse();
    });
    // the same values opened with the master key are the gateway's keys (so the checks above could have failed)
    assertThat(new SecretHasher(master.open(SecretHasher.PEPPER_KEY, dump.get(SecretHasher.PEPPER_KEY)))
        .matches(robot.secret(), robot.storedHash())).isTrue();
    assertThat(holdsPrivateKey(master.open("oauth-signing-key:k1", dump.get("oauth-signing-key:k1")))).isTrue();
  }

  @Test
  void keysAnEarlierKeygateStoredInTheClearAreSealedInPlaceAndKeepWorking(KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    // what a Keygate before master keys left in the store
    TestGateway.await(store.serverKeys().serverKey(SecretHasher.PEPPER_KEY, pepper));

    Robot robot;
    try (TestGateway gateway = TestGateway.start(store, new JsonObject())) {
      robot = robot(gateway, store, "upgraded");
    }

    byte[] stored = dump(store).get(SecretHasher.PEPPER_KEY);
    assertThat(MasterKey.isSealed(stored)).isTrue();
    assertThat(MasterKey.parse(TestGateway.MASTER_KEY, "test").open(SecretHasher.PEPPER_KEY, stored))
        .isEqualTo(pepper);
    // the secret was hashed with the pepper that was there: nothing was lost in the upgrade
    assertThat(new SecretHasher(pepper).matches(robot.secret(), robot.storedHash())).isTrue();
  }

  @Test
  void aNewMasterKeyReSealsEverythingWhileThePreviousOneIsGiven(KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    Robot robot;
    try (TestGateway gateway = TestGateway.start(store, new JsonObject())) {
      robot = robot(gateway, store, "rotated");
    }
    JsonObject rotation = new JsonObject().put(KeygateConfig.MASTER_KEY, OTHER_KEY)
        .put(KeygateConfig.MASTER_KEY_PREVIOUS, TestGateway.MASTER_KEY);
    try (TestGateway gateway = TestGateway.start(store, rotation)) {
      assertThat(gateway.http().form("/oauth/v2/token", Http.basic(robot.clientId(), robot.secret()), GRANT)
          .status()).isEqualTo(200);
    }
    String newId = MasterKey.parse(OTHER_KEY, "test").id();
    assertThat(dump(store).values().stream().map(MasterKey::sealedUnder).distinct().toList())
        .isEqualTo(List.of(newId));

    try (TestGateway gateway = TestGateway.start(store, new JsonObject().put(KeygateConfig.MASTER_KEY, OTHER_KEY))) {
      assertThat(gateway.http().form("/oauth/v2/token", Http.basic(robot.clientId(), robot.secret()), GRANT)
          .status()).isEqualTo(200);
    }
    // the old key alone no longer opens the store, and the start says why
    assertThatThrownBy(() -> TestGateway.start(store, new JsonObject()))
        .hasStackTraceContaining("is sealed under master key " + newId)
        .hasStackTraceContaining("neither KEYGATE_MASTER_KEY");
  }
}
