package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading {@code KEYGATE_SYSTEM_USERS}: ZITADEL's JSON form of {@code SystemAPIUsers} (keyData as base64 of the PEM,
 * or a path), and a refusal naming the setting and the user for everything else, never the key itself.
 */
class SystemUsersSettingTest {

  private static final String PEM = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n";

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void absentIsNoUser() {
    assertThat(SystemUsersSetting.read(null)).isEmpty();
    assertThat(SystemUsersSetting.read(" ")).isEmpty();
  }

  @Test
  void keyDataAndPathGiveEachUsersPem(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("sys-2.pub"), PEM);
    String value = new JsonObject()
        .put("sys-1", new JsonObject().put("keyData", base64(PEM)))
        .put("sys-2", new JsonObject().put("path", file.toString()))
        // ZITADEL's own spelling, and its membership that every Keygate system user has anyway
        .put("sys-3", new JsonObject().put("KeyData", base64(PEM)).put("Memberships", new JsonArray()
            .add(new JsonObject().put("MemberType", "System").put("Roles", new JsonArray().add("SYSTEM_OWNER")))))
        .put("sys-4", new JsonObject().put("keyData", PEM))
        .encode();

    assertThat(SystemUsersSetting.read(value)).containsOnlyKeys("sys-1", "sys-2", "sys-3", "sys-4")
        .allSatisfy((user, pem) -> assertThat(pem).isEqualTo(PEM));
  }

  @Test
  void everyMistakeNamesTheSettingAndTheUser() {
    assertRefused("{not json", "KEYGATE_SYSTEM_USERS: must be a JSON object");
    assertRefused(new JsonObject().put("sys-1", "abc").encode(), "user 'sys-1' must be an object");
    assertRefused(new JsonObject().put("sys-1", new JsonObject()).encode(),
        "user 'sys-1' needs exactly one of keyData and path");
    assertRefused(new JsonObject().put("sys-1", new JsonObject().put("keyData", base64(PEM)).put("path", "/x"))
        .encode(), "user 'sys-1' needs exactly one of keyData and path");
    assertRefused(new JsonObject().put("sys-1", new JsonObject().put("path", "/no/such/key.pem")).encode(),
        "user 'sys-1': cannot read the key file /no/such/key.pem");
    assertRefused(new JsonObject().put("sys-1", new JsonObject().put("keyData", 42)).encode(),
        "user 'sys-1': keyData must be a non-empty string");
    assertRefused(new JsonObject().put("sys-1", new JsonObject().put("keyData", base64(PEM)).put("key", "x"))
        .encode(), "user 'sys-1' has an unknown field 'key'");
    assertRefused(new JsonObject().put("sys-1", new JsonObject().put("keyData", base64(PEM))
        .put("memberships", new JsonArray().add(new JsonObject().put("memberType", "IAM")
            .put("aggregateId", "123")))).encode(), "user 'sys-1': only memberships of MemberType System");
  }

  @Test
  void aKeyThatIsNoRsaPublicKeyStopsTheStartNamingItsUser() {
    String value = new JsonObject().put("sys-1", new JsonObject().put("keyData", base64("not a key"))).encode();
    assertThatThrownBy(() -> SystemUsersSetting.load(value, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KEYGATE_SYSTEM_USERS: system user 'sys-1': the key is not an RSA public key in PEM "
            + "(-----BEGIN PUBLIC KEY-----)");
  }

  private static void assertRefused(String value, String message) {
    assertThatThrownBy(() -> SystemUsersSetting.read(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message).hasMessageStartingWith("KEYGATE_SYSTEM_USERS: ");
  }
}
