package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration layers: built-in defaults < JSON file < environment variables < system properties. */
class KeygateConfigTest {

  /** A row of README.md's configuration table: {@code | `KEYGATE_…` | default | meaning |}. */
  private static final Pattern README_ROW = Pattern.compile("^\\| `(KEYGATE_[A-Z0-9_]+)` \\| ([^|]*) \\|");
  /** A default the table shows as a literal value, e.g. {@code `8080`}. */
  private static final Pattern LITERAL = Pattern.compile("`([^`]*)`");

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

  @Test
  void theReadmeTableListsExactlyTheDeclaredKeys() throws IOException {
    List<String> documented = readmeKeys();

    assertThat(documented).as("README.md's configuration table").isNotEmpty();
    assertThat(KeygateConfig.declared().keySet()).as("declared by the gateway or a store, documented in README.md")
        .containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void theReadmeShowsTheDeclaredDefaults() throws IOException {
    for (Map.Entry<String, String> row : readme().entrySet()) {
      KeygateConfig.Setting setting = KeygateConfig.declared().get(row.getKey());
      Matcher literal = LITERAL.matcher(row.getValue());
      if (setting != null && literal.matches()) {
        assertThat(String.valueOf(setting.defaultValue())).as(row.getKey()).isEqualTo(literal.group(1));
      } else if (setting != null && row.getValue().equals("empty")) {
        assertThat(setting.defaultValue()).as(row.getKey()).isEqualTo("");
      }
    }
  }

  @Test
  void everyDocumentedKeyReachesTheConfiguration() throws Exception {
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "{}");
    Map<String, String> env = new HashMap<>();
    for (String key : readmeKeys()) {
      KeygateConfig.Setting setting = KeygateConfig.declared().get(key);
      assertThat(setting).as("%s is declared", key).isNotNull();
      env.put(key, key.equals(KeygateConfig.CONFIG_FILE) ? empty.toString()
          : setting.type() == KeygateConfig.Type.INTEGER ? "7" : "set-" + key);
    }

    JsonObject config = effective(env, List.of(), List.of());

    env.forEach((key, value) -> assertThat(String.valueOf(config.getValue(key))).as(key).isEqualTo(value));
  }

  @Test
  void theConstantsNameDeclaredKeys() throws IllegalAccessException {
    List<String> named = new ArrayList<>();
    for (Field field : KeygateConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        named.add((String) field.get(null));
      }
    }
    assertThat(KeygateConfig.declared()).containsKeys(named.toArray(String[]::new));
  }

  @Test
  void aNumberThatIsNotOneFailsTheStartNamingItsKey() throws Exception {
    assertThat(loadFailure(new JsonObject().put(KeygateConfig.HTTP_PORT, "eighty")))
        .hasMessage("KEYGATE_HTTP_PORT must be a whole number, was 'eighty'");
    // a store's key, checked before any store opens
    assertThat(loadFailure(new JsonObject().put("KEYGATE_MEMORY_EVENTS_KEPT", "1e3")))
        .hasMessage("KEYGATE_MEMORY_EVENTS_KEPT must be a whole number, was '1e3'");
  }

  @Test
  void settingsGivenInCodeAreReadAsTheLayersAre() {
    KeygateConfig config = KeygateConfig.of(Map.of(KeygateConfig.HTTP_PORT, " 9090 ", KeygateConfig.ACCESS_LOG,
        "json", KeygateConfig.BODY_LIMIT, ""));

    assertThat(config.values().getValue(KeygateConfig.HTTP_PORT)).isEqualTo(9090);
    assertThat(config.string(KeygateConfig.ACCESS_LOG)).isEqualTo("json");
    // blank: the default, as from the environment; the others: their defaults
    assertThat(config.integer(KeygateConfig.BODY_LIMIT)).isEqualTo(64 * 1024);
    assertThat(config.string(KeygateConfig.STORE)).isEqualTo("memory");
    assertThat(config.has(KeygateConfig.SYSTEM_TOKEN)).isFalse();
  }

  @Test
  void settingsGivenInCodeRefuseAKeyThatIsNotOneAndANumberThatIsNot() {
    assertThatThrownBy(() -> KeygateConfig.of(Map.of("KEYGATE_ACESS_LOG", "json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KEYGATE_ACESS_LOG is not a Keygate setting (README.md, Configuration)");
    assertThatThrownBy(() -> KeygateConfig.of(Map.of(KeygateConfig.HTTP_PORT, "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KEYGATE_HTTP_PORT must be a whole number, was 'eighty'");
  }

  private Throwable loadFailure(JsonObject file) throws Exception {
    Path path = dir.resolve("malformed.json");
    Files.writeString(path, file.encode());
    Vertx vertx = Vertx.vertx();
    try {
      Future<KeygateConfig> loaded = KeygateConfig.load(vertx, path.toString());
      loaded.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("loaded: " + loaded.result().values());
    } catch (ExecutionException e) {
      return e.getCause();
    } finally {
      vertx.close();
    }
  }

  private static List<String> readmeKeys() throws IOException {
    return List.copyOf(readme().keySet());
  }

  /** README.md's configuration table: each key with the default it shows, in the table's order. */
  private static Map<String, String> readme() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    // the tests run in the gateway module's directory; README.md is the reactor's
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      Matcher row = README_ROW.matcher(line);
      if (row.find()) {
        assertThat(rows.put(row.group(1), row.group(2).trim())).as("%s listed twice", row.group(1)).isNull();
      }
    }
    return rows;
  }
}
