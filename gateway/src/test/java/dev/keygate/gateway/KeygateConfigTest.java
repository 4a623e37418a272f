package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration layers: built-in defaults < JSON file < environment variables < system properties. */
class KeygateConfigTest {

  @TempDir
  Path dir;

  private JsonObject effective(Map<String, String> env, List<String> sysProps, List<String> args) throws Exception {
    Process process = ChildJvm.start(ConfigProbe.class.getName(), env, sysProps, args);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String last = out.lines().reduce((a, b) -> b).orElse("");
    assertThat(last).as(out).startsWith("{");
    return new JsonObject(last);
  }

  @Test
  void defaultsApplyWithNothingConfigured() throws Exception {
    JsonObject config = effective(Map.of(), List.of(), List.of());

    assertThat(config.getValue("KEYGATE_HTTP_PORT").toString()).isEqualTo("8080");
    assertThat(config.getString("KEYGATE_STORE")).isEqualTo("memory");
    assertThat(config.getString("KEYGATE_EXTERNAL_DOMAIN")).isEqualTo("localhost");
    assertThat(config.containsKey("KEYGATE_SYSTEM_TOKEN")).isFalse();
  }

  @Test
  void eachLayerOverridesTheOneBelow() throws Exception {
    Path file = dir.resolve("keygate.json");
    Files.writeString(file, new JsonObject()
        .put("KEYGATE_HTTP_PORT", 9001)
        .put("KEYGATE_EXTERNAL_DOMAIN", "file.example")
        .put("KEYGATE_NODE_ID", 11)
        .put("KEYGATE_SYSTEM_TOKEN", "from-file").encode());

    JsonObject config = effective(
        Map.of("KEYGATE_HTTP_PORT", "9002", "KEYGATE_EXTERNAL_DOMAIN", "env.example"),
        List.of("-DKEYGATE_HTTP_PORT=9003"),
        List.of(file.toString()));

    assertThat(config.getValue("KEYGATE_HTTP_PORT").toString()).isEqualTo("9003"); // system property
    assertThat(config.getString("KEYGATE_EXTERNAL_DOMAIN")).isEqualTo("env.example"); // environment
    assertThat(config.getValue("KEYGATE_NODE_ID").toString()).isEqualTo("11"); // file
    assertThat(config.getString("KEYGATE_SYSTEM_TOKEN")).isEqualTo("from-file");
    assertThat(config.getString("KEYGATE_STORE")).isEqualTo("memory"); // default
  }

  @Test
  void theFileCanComeFromTheEnvironment() throws Exception {
    Path file = dir.resolve("env-named.json");
    Files.writeString(file, new JsonObject().put("KEYGATE_EXTERNAL_DOMAIN", "named.example").encode());

    JsonObject config = effective(Map.of("KEYGATE_CONFIG", file.toString()), List.of(), List.of());

    assertThat(config.getString("KEYGATE_EXTERNAL_DOMAIN")).isEqualTo("named.example");
  }

  @Test
  void numbersFromTheEnvironmentAreRead() {
    KeygateConfig config = new KeygateConfig(new JsonObject().put("KEYGATE_HTTP_PORT", " 9090 "));
    assertThat(config.integer("KEYGATE_HTTP_PORT")).isEqualTo(9090);
  }
}
