package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the master key comes from, and the refusals that say how to make one. */
class MasterKeySettingsTest {

  private static final String KEY = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";

  private static KeygateConfig config(JsonObject values) {
    return new KeygateConfig(KeygateConfig.defaults().mergeIn(values));
  }

  @Test
  void postgresDoesNotStartWithoutOneAndSaysHowToMakeIt() {
    assertThatThrownBy(() -> MasterKeySettings.from(config(new JsonObject().put(KeygateConfig.STORE, "postgres"))))
        .hasMessageContaining("KEYGATE_MASTER_KEY (or KEYGATE_MASTER_KEY_FILE) is required on the postgres store")
        .hasMessageContaining("openssl rand -base64 32");
  }

  @Test
  void theMemoryStoreGetsARandomOneEachStart() {
    MasterKeySettings first = MasterKeySettings.from(config(new JsonObject()));
    MasterKeySettings second = MasterKeySettings.from(config(new JsonObject()));

    assertThat(first.current().id()).isNotEqualTo(second.current().id());
    assertThat(first.previous()).isNull();
  }

  @Test
  void theKeyComesFromTheSettingOrFromAFileButNotBoth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("master-key");
    Files.writeString(file, KEY + "\n");
    MasterKeySettings fromSetting = MasterKeySettings.from(config(new JsonObject()
        .put(KeygateConfig.STORE, "postgres").put(KeygateConfig.MASTER_KEY, KEY)));
    MasterKeySettings fromFile = MasterKeySettings.from(config(new JsonObject()
        .put(KeygateConfig.STORE, "postgres").put(KeygateConfig.MASTER_KEY_FILE, file.toString())));

    assertThat(fromFile.current().id()).isEqualTo(fromSetting.current().id());
    assertThatThrownBy(() -> MasterKeySettings.from(config(new JsonObject().put(KeygateConfig.MASTER_KEY, KEY)
        .put(KeygateConfig.MASTER_KEY_FILE, file.toString())))).hasMessageContaining("give the master key one way");
    assertThatThrownBy(() -> MasterKeySettings.from(config(new JsonObject()
        .put(KeygateConfig.MASTER_KEY_FILE, dir.resolve("missing").toString()))))
        .hasMessageContaining("cannot read");
  }

  @Test
  void aKeyThatIsNotBase64Of32BytesIsRefused() {
    assertThatThrownBy(() -> MasterKeySettings.from(config(new JsonObject().put(KeygateConfig.MASTER_KEY,
        "not base64!")))).hasMessageContaining("KEYGATE_MASTER_KEY is not base64");
    assertThatThrownBy(() -> MasterKeySettings.from(config(new JsonObject().put(KeygateConfig.MASTER_KEY,
        "c2hvcnQ=")))).hasMessageContaining("holds 5 bytes, not 32");
    assertThatThrownBy(() -> MasterKeySettings.from(config(new JsonObject().put(KeygateConfig.MASTER_KEY, KEY)
        .put(KeygateConfig.MASTER_KEY_PREVIOUS, "c2hvcnQ=")))).hasMessageContaining("KEYGATE_MASTER_KEY_PREVIOUS");
  }
}
