package dev.keygate.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.KeygateConfig;
import org.junit.jupiter.api.Test;

/** The configuration a server starts with: the extension's choices, then the settings of {@link KeygateTest}. */
class KeygateServerConfigurationTest {

  @Test
  void withoutSettingsItListensOnTheLoopbackAtFreePortsWithARandomSystemToken() {
    KeygateConfig config = KeygateServer.configuration();

    assertThat(config.string(KeygateConfig.HTTP_HOST)).isEqualTo("127.0.0.1");
    assertThat(config.integer(KeygateConfig.HTTP_PORT)).isZero();
    assertThat(config.string(KeygateConfig.MANAGEMENT_HOST)).isEqualTo("127.0.0.1");
    assertThat(config.integer(KeygateConfig.MANAGEMENT_PORT)).isZero();
    assertThat(config.string(KeygateConfig.STORE)).isEqualTo("memory");
    assertThat(config.integer(KeygateConfig.VERTICLE_INSTANCES)).isEqualTo(2);
    assertThat(config.integer(KeygateConfig.PASSWORD_HASH_COST)).isEqualTo(4);
    assertThat(config.string(KeygateConfig.SYSTEM_TOKEN)).hasSize(43)
        .isNotEqualTo(KeygateServer.configuration().string(KeygateConfig.SYSTEM_TOKEN));
    // Keygate's defaults for the rest
    assertThat(config.integer(KeygateConfig.ACCESS_TOKEN_LIFETIME)).isEqualTo(43199);
  }

  @Test
  void settingsWinAndAreReadAsTheirTypes() {
    KeygateConfig config = KeygateServer.configuration("KEYGATE_VERTICLE_INSTANCES= 4 ",
        "KEYGATE_SYSTEM_TOKEN=a=b", "KEYGATE_STORE=memory", "KEYGATE_HTTP_PORT=");

    assertThat(config.values().getValue(KeygateConfig.VERTICLE_INSTANCES)).isEqualTo(4);
    assertThat(config.string(KeygateConfig.SYSTEM_TOKEN)).isEqualTo("a=b");
    // blank: Keygate's default, as an empty environment variable gives it
    assertThat(config.integer(KeygateConfig.HTTP_PORT)).isEqualTo(8080);
  }

  @Test
  void aSettingThatCannotBeFailsNamingWhy() {
    assertThatThrownBy(() -> KeygateServer.configuration("KEYGATE_ACCESS_LOG=json", "a-secret-without-its-key"))
        .hasMessage("@KeygateTest settings are KEY=value; entry 2 is not");
    assertThatThrownBy(() -> KeygateServer.configuration("KEYGATE_ACESS_LOG=json"))
        .hasMessage("KEYGATE_ACESS_LOG is not a Keygate setting (README.md, Configuration)");
    assertThatThrownBy(() -> KeygateServer.configuration("KEYGATE_BODY_LIMIT=1", "KEYGATE_BODY_LIMIT=2"))
        .hasMessage("@KeygateTest settings give KEYGATE_BODY_LIMIT twice");
    assertThatThrownBy(() -> KeygateServer.configuration("KEYGATE_BODY_LIMIT=64k"))
        .hasMessage("KEYGATE_BODY_LIMIT must be a whole number, was '64k'");
    assertThatThrownBy(() -> KeygateServer.configuration("KEYGATE_STORE=postgres"))
        .hasMessage("keygate-junit starts Keygate on the memory store only, was 'postgres'");
    assertThatThrownBy(() -> KeygateServer.configuration("KEYGATE_WARMUP=on"))
        .hasMessageStartingWith("KEYGATE_WARMUP does not apply to a Keygate started by keygate-junit");
  }
}
