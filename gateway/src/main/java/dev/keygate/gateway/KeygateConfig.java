package dev.keygate.gateway;

import dev.keygate.store.StoreProvider;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keygate's settings, layered with vertx-config: built-in defaults &lt; optional JSON file ({@code --config FILE} or
 * {@code KEYGATE_CONFIG}) &lt; environment variables &lt; system properties. Every layer uses the same keys, e.g.
 * {@code {"KEYGATE_HTTP_PORT": 9090}} in the file, {@code KEYGATE_HTTP_PORT=9090} in the environment or
 * {@code -DKEYGATE_HTTP_PORT=9090}.
 *
 * <p>Each key is declared once, with its default and its type: the gateway's own below ({@link #declare}), each
 * store's by its {@link StoreProvider#settings()}. Loading lets through exactly the declared keys, so a store's key
 * reaches the store, and refuses to start on a whole number that is not one, naming the key.
 */
public record KeygateConfig(JsonObject values) {

  /** How a value is written. */
  public enum Type {
    TEXT,
    /** Environment variables arrive as text, numbers from the JSON layers as numbers: both are read. */
    INTEGER;

    Object parse(String key, Object value) {
      if (this == TEXT) {
        return value;
      }
      if (value instanceof Number number && number.doubleValue() == number.intValue()) {
        return number.intValue();
      }
      try {
        return Integer.parseInt(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
      }
    }
  }

  /** A key, its default ({@code null}: none) and how its value is read. */
  record Setting(String key, Object defaultValue, Type type) {}

  /** The gateway's own settings, in the order they are declared. */
  private static final Map<String, Setting> GATEWAY_SETTINGS = new LinkedHashMap<>();

  public static final String HTTP_PORT = declare("KEYGATE_HTTP_PORT", 8080, Type.INTEGER);
  public static final String HTTP_HOST = declare("KEYGATE_HTTP_HOST", "0.0.0.0", Type.TEXT);
  public static final String STORE = declare("KEYGATE_STORE", "memory", Type.TEXT);
  public static final String SYSTEM_TOKEN = declare("KEYGATE_SYSTEM_TOKEN", null, Type.TEXT);
  // the key the server keys are sealed under at rest (MasterKeySettings); required on PostgreSQL
  public static final String MASTER_KEY = declare("KEYGATE_MASTER_KEY", null, Type.TEXT);
  public static final String MASTER_KEY_FILE = declare("KEYGATE_MASTER_KEY_FILE", null, Type.TEXT);
  public static final String MASTER_KEY_PREVIOUS = declare("KEYGATE_MASTER_KEY_PREVIOUS", null, Type.TEXT);
  /**
   * ZITADEL's system users, as ZITADEL reads {@code SystemAPIUsers} from JSON: {@code {"<userId>": {"keyData":
   * "<base64 of a PEM public key>"} | {"path": "<PEM file>"}}} ({@link SystemUsersSetting}).
   */
  public static final String SYSTEM_USERS = declare("KEYGATE_SYSTEM_USERS", null, Type.TEXT);
  public static final String EXTERNAL_DOMAIN = declare("KEYGATE_EXTERNAL_DOMAIN", "localhost", Type.TEXT);
  public static final String NODE_ID = declare("KEYGATE_NODE_ID", null, Type.INTEGER);
  public static final String VERTICLE_INSTANCES = declare("KEYGATE_VERTICLE_INSTANCES",
      Runtime.getRuntime().availableProcessors(), Type.INTEGER);
  public static final String BODY_LIMIT = declare("KEYGATE_BODY_LIMIT", 64 * 1024, Type.INTEGER);
  public static final String PASSWORD_HASH_COST = declare("KEYGATE_PASSWORD_HASH_COST", 10, Type.INTEGER);
  public static final String CONFIG_FILE = declare("KEYGATE_CONFIG", null, Type.TEXT);
  public static final String SIGNING_KEY_ID = declare("KEYGATE_SIGNING_KEY_ID", "k1", Type.TEXT);
  public static final String SIGNING_KEY_PREVIOUS_IDS = declare("KEYGATE_SIGNING_KEY_PREVIOUS_IDS", "", Type.TEXT);
  public static final String ACCESS_TOKEN_LIFETIME = declare("KEYGATE_ACCESS_TOKEN_LIFETIME", 43199, Type.INTEGER);
  public static final String OCC_APPLICATION_TOKEN_LIFETIME = declare("KEYGATE_OCC_APPLICATION_TOKEN_LIFETIME", 300,
      Type.INTEGER);
  public static final String OCC_USER_TOKEN_LIFETIME = declare("KEYGATE_OCC_USER_TOKEN_LIFETIME", 900, Type.INTEGER);
  /** {@code native} (default: Amazon Corretto Crypto Provider where it loads) or {@code jdk}. */
  public static final String CRYPTO = declare("KEYGATE_CRYPTO", "native", Type.TEXT);
  /** How often the credentials' last uses seen since the previous flush are written to the store. */
  public static final String LAST_USE_FLUSH_MS = declare("KEYGATE_LAST_USE_FLUSH_MS", 1000, Type.INTEGER);
  /** Operability: {@code on} (default) or {@code off}; metrics are served on the management port. */
  public static final String METRICS = declare("KEYGATE_METRICS", "on", Type.TEXT);
  /** Port of metrics and health ({@code 0}: any free port), never the tenant-facing one. */
  public static final String MANAGEMENT_PORT = declare("KEYGATE_MANAGEMENT_PORT", 9000, Type.INTEGER);
  public static final String MANAGEMENT_HOST = declare("KEYGATE_MANAGEMENT_HOST", "0.0.0.0", Type.TEXT);
  /** {@code off} (default) or {@code json}: one line per request on the logger {@code keygate.access}. */
  public static final String ACCESS_LOG = declare("KEYGATE_ACCESS_LOG", "off", Type.TEXT);
  /** How long in-flight requests may take to finish once a stop began. */
  public static final String SHUTDOWN_TIMEOUT_MS = declare("KEYGATE_SHUTDOWN_TIMEOUT_MS", 10_000, Type.INTEGER);

  // TLS (TlsSettings, tls.ServerTls): with both files set, the main port serves HTTPS only
  /** PEM file of the certificate chain, the server's certificate first. */
  public static final String TLS_CERT = declare("KEYGATE_TLS_CERT", null, Type.TEXT);
  /** PEM file of the certificate's private key, PKCS#8 or PKCS#1, unencrypted. */
  public static final String TLS_KEY = declare("KEYGATE_TLS_KEY", null, Type.TEXT);
  /** A PKCS#12 file of the chain and its key, instead of the two PEM files. */
  public static final String TLS_PKCS12 = declare("KEYGATE_TLS_PKCS12", null, Type.TEXT);
  /** The PKCS#12 file's password (empty when unset). */
  public static final String TLS_PKCS12_PASSWORD = declare("KEYGATE_TLS_PKCS12_PASSWORD", "", Type.TEXT);
  /** {@code on} or {@code off}: HTTPS on the management port too; default {@code on} when the files are set. */
  public static final String MANAGEMENT_TLS = declare("KEYGATE_MANAGEMENT_TLS", null, Type.TEXT);
  /** How often the two files are looked at for a new certificate ({@code 0}: never). */
  public static final String TLS_RELOAD_MS = declare("KEYGATE_TLS_RELOAD_MS", 5000, Type.INTEGER);
  /** PEM file of the authorities whose client certificates the system API requires beside its bearer (mTLS). */
  public static final String SYSTEM_CLIENT_CA = declare("KEYGATE_SYSTEM_CLIENT_CA", null, Type.TEXT);

  // Not declared here: KEYGATE_WARMUP (on, off or milliseconds; the self-exercise before the main port listens) is
  // read by Main from the environment or a system property (Warmup.setting()), as bin/keygate's KEYGATE_JAVA* are;
  // declaring it here would put it in the configuration file's layer and in README.md's table (KeygateConfigTest).

  // Keys of the stores, declared by their providers (StoreProvider#settings); named here for the wiring and tests.

  /** Bytes the memory store may hold (e.g. {@code 512m}); default: a share of the maximum heap. */
  public static final String MEMORY_CAPACITY = "KEYGATE_MEMORY_CAPACITY";
  public static final String PG_URI = "KEYGATE_PG_URI";
  public static final String PG_SCHEMA = "KEYGATE_PG_SCHEMA";
  public static final String PG_POOL_SIZE = "KEYGATE_PG_POOL_SIZE";
  /** Also the bound of the readiness check, whichever the store. */
  public static final String PG_TIMEOUT_MS = "KEYGATE_PG_TIMEOUT_MS";

  private static String declare(String key, Object defaultValue, Type type) {
    GATEWAY_SETTINGS.put(key, new Setting(key, defaultValue, type));
    return key;
  }

  /** Every declared key: the gateway's, then each store's on the class path; found once, on first use. */
  static Map<String, Setting> declared() {
    return Declared.ALL;
  }

  private static final class Declared {

    static final Map<String, Setting> ALL = collect();

    private static Map<String, Setting> collect() {
      Map<String, Setting> all = new LinkedHashMap<>(GATEWAY_SETTINGS);
      StoreFactory.providers().forEach((kind, provider) -> {
        for (StoreProvider.Setting setting : provider.settings()) {
          Setting other = all.putIfAbsent(setting.key(), new Setting(setting.key(), setting.defaultValue(),
              setting.wholeNumber() ? Type.INTEGER : Type.TEXT));
          if (other != null) {
            throw new IllegalStateException(setting.key() + " is declared twice, the second time by the store "
                + kind);
          }
        }
      });
      return Collections.unmodifiableMap(all);
    }
  }

  /** The default of every declared key that has one. */
  public static JsonObject defaults() {
    JsonObject defaults = new JsonObject();
    declared().values().forEach(setting -> {
      if (setting.defaultValue() != null) {
        defaults.put(setting.key(), setting.defaultValue());
      }
    });
    return defaults;
  }

  /** Reads every layer; {@code configFile} (from {@code --config}) wins over {@code KEYGATE_CONFIG}. */
  public static Future<KeygateConfig> load(Vertx vertx, String configFile) {
    String file = configFile != null ? configFile
        : System.getProperty(CONFIG_FILE, System.getenv(CONFIG_FILE));
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults()));
    if (file != null && !file.isBlank()) {
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", file)));
    }
    options.addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("keys", new JsonArray(declared().keySet().stream().toList()))));
    options.addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("cache", false)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().andThen(done -> retriever.close()).map(KeygateConfig::declaredOnly);
  }

  /**
   * Settings given in code, for a start inside another program (keygate-junit's test extension): the defaults, then
   * {@code values}, each read as its type as {@link #load} reads its layers. No file, environment variable or system
   * property is read. A key that is not declared fails, naming it, since a misspelt key would otherwise be ignored.
   */
  public static KeygateConfig of(Map<String, ?> values) {
    JsonObject layered = defaults();
    values.forEach((key, value) -> {
      if (!declared().containsKey(key)) {
        throw new IllegalArgumentException(key + " is not a Keygate setting (README.md, Configuration)");
      }
      layered.put(key, value);
    });
    return declaredOnly(layered);
  }

  /**
   * The declared keys of {@code values}, each read as its type. A blank value counts as not configured: the key's
   * default applies, or it stays unset.
   */
  private static KeygateConfig declaredOnly(JsonObject values) {
    JsonObject known = new JsonObject();
    for (Setting setting : declared().values()) {
      Object value = values.getValue(setting.key());
      if (value == null || value.toString().isBlank()) {
        value = setting.defaultValue();
      }
      if (value != null) {
        known.put(setting.key(), setting.type().parse(setting.key(), value));
      }
    }
    return new KeygateConfig(known);
  }

  /** The value, else the key's default, else {@code null}. */
  public String string(String key) {
    Object value = value(key);
    return value == null ? null : value.toString();
  }

  public int integer(String key) {
    return (Integer) Type.INTEGER.parse(key, value(key));
  }

  public boolean has(String key) {
    String value = string(key);
    return value != null && !value.isBlank();
  }

  private Object value(String key) {
    Object value = values.getValue(key);
    if (value == null) {
      Setting setting = declared().get(key);
      return setting == null ? null : setting.defaultValue();
    }
    return value;
  }
}
