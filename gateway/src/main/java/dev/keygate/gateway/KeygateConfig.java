package dev.keygate.gateway;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Keygate's settings, layered with vertx-config: built-in defaults &lt; optional JSON file ({@code --config FILE} or
 * {@code KEYGATE_CONFIG}) &lt; environment variables &lt; system properties. Every layer uses the same keys, e.g.
 * {@code {"KEYGATE_HTTP_PORT": 9090}} in the file, {@code KEYGATE_HTTP_PORT=9090} in the environment or
 * {@code -DKEYGATE_HTTP_PORT=9090}.
 */
public record KeygateConfig(JsonObject values) {

  public static final String HTTP_PORT = "KEYGATE_HTTP_PORT";
  public static final String HTTP_HOST = "KEYGATE_HTTP_HOST";
  public static final String STORE = "KEYGATE_STORE";
  public static final String SYSTEM_TOKEN = "KEYGATE_SYSTEM_TOKEN";
  public static final String EXTERNAL_DOMAIN = "KEYGATE_EXTERNAL_DOMAIN";
  public static final String NODE_ID = "KEYGATE_NODE_ID";
  public static final String VERTICLE_INSTANCES = "KEYGATE_VERTICLE_INSTANCES";
  public static final String BODY_LIMIT = "KEYGATE_BODY_LIMIT";
  public static final String PASSWORD_HASH_COST = "KEYGATE_PASSWORD_HASH_COST";
  public static final String CONFIG_FILE = "KEYGATE_CONFIG";
  public static final String SIGNING_KEY_ID = "KEYGATE_SIGNING_KEY_ID";
  public static final String SIGNING_KEY_PREVIOUS_IDS = "KEYGATE_SIGNING_KEY_PREVIOUS_IDS";
  public static final String ACCESS_TOKEN_LIFETIME = "KEYGATE_ACCESS_TOKEN_LIFETIME";
  public static final String OCC_APPLICATION_TOKEN_LIFETIME = "KEYGATE_OCC_APPLICATION_TOKEN_LIFETIME";
  public static final String OCC_USER_TOKEN_LIFETIME = "KEYGATE_OCC_USER_TOKEN_LIFETIME";
  /** {@code native} (default: Amazon Corretto Crypto Provider where it loads) or {@code jdk}. */
  public static final String CRYPTO = "KEYGATE_CRYPTO";
  /** Bytes the memory store may hold (e.g. {@code 512m}); default: a share of the maximum heap. */
  public static final String MEMORY_CAPACITY = "KEYGATE_MEMORY_CAPACITY";
  public static final String PG_URI = "KEYGATE_PG_URI";
  public static final String PG_SCHEMA = "KEYGATE_PG_SCHEMA";
  public static final String PG_POOL_SIZE = "KEYGATE_PG_POOL_SIZE";
  public static final String PG_TIMEOUT_MS = "KEYGATE_PG_TIMEOUT_MS";
  /** How often the credentials' last uses seen since the previous flush are written to the store. */
  public static final String LAST_USE_FLUSH_MS = "KEYGATE_LAST_USE_FLUSH_MS";
  /** Operability: {@code on} (default) or {@code off}; metrics are served on the management port. */
  public static final String METRICS = "KEYGATE_METRICS";
  /** Port of metrics and health ({@code 0}: any free port), never the tenant-facing one. */
  public static final String MANAGEMENT_PORT = "KEYGATE_MANAGEMENT_PORT";
  public static final String MANAGEMENT_HOST = "KEYGATE_MANAGEMENT_HOST";
  /** {@code off} (default) or {@code json}: one line per request on the logger {@code keygate.access}. */
  public static final String ACCESS_LOG = "KEYGATE_ACCESS_LOG";
  /** How long in-flight requests may take to finish once a stop began. */
  public static final String SHUTDOWN_TIMEOUT_MS = "KEYGATE_SHUTDOWN_TIMEOUT_MS";

  static final JsonArray KEYS = new JsonArray().add(HTTP_PORT).add(HTTP_HOST).add(STORE).add(SYSTEM_TOKEN)
      .add(EXTERNAL_DOMAIN).add(NODE_ID).add(VERTICLE_INSTANCES).add(BODY_LIMIT).add(PASSWORD_HASH_COST)
      .add(CONFIG_FILE).add(SIGNING_KEY_ID).add(SIGNING_KEY_PREVIOUS_IDS).add(ACCESS_TOKEN_LIFETIME)
      .add(OCC_APPLICATION_TOKEN_LIFETIME).add(OCC_USER_TOKEN_LIFETIME).add(PG_URI).add(PG_SCHEMA).add(PG_POOL_SIZE)
      .add(PG_TIMEOUT_MS)
      .add(CRYPTO).add(MEMORY_CAPACITY).add(LAST_USE_FLUSH_MS)
      .add(METRICS).add(MANAGEMENT_PORT).add(MANAGEMENT_HOST).add(ACCESS_LOG).add(SHUTDOWN_TIMEOUT_MS);

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HTTP_PORT, 8080)
        .put(HTTP_HOST, "0.0.0.0")
        .put(STORE, "memory")
        .put(EXTERNAL_DOMAIN, "localhost")
        .put(VERTICLE_INSTANCES, Runtime.getRuntime().availableProcessors())
        .put(BODY_LIMIT, 64 * 1024)
        .put(PASSWORD_HASH_COST, 10)
        .put(SIGNING_KEY_ID, "k1")
        .put(SIGNING_KEY_PREVIOUS_IDS, "")
        .put(ACCESS_TOKEN_LIFETIME, 43199)
        .put(OCC_APPLICATION_TOKEN_LIFETIME, 300)
        .put(OCC_USER_TOKEN_LIFETIME, 900)
        .put(CRYPTO, "native")
        .put(PG_SCHEMA, "public")
        .put(PG_POOL_SIZE, 8)
        .put(PG_TIMEOUT_MS, 5000)
        .put(LAST_USE_FLUSH_MS, 1000)
        .put(METRICS, "on")
        .put(MANAGEMENT_PORT, 9000)
        .put(MANAGEMENT_HOST, "0.0.0.0")
        .put(ACCESS_LOG, "off")
        .put(SHUTDOWN_TIMEOUT_MS, 10_000);
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
    options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("keys", KEYS)));
    options.addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("cache", false)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().map(values -> {
      retriever.close();
      JsonObject known = new JsonObject();
      for (Object key : KEYS) {
        if (values.containsKey(key.toString())) {
          known.put(key.toString(), values.getValue(key.toString()));
        }
      }
      return new KeygateConfig(known);
    });
  }

  public String string(String key) {
    Object value = values.getValue(key);
    return value == null ? null : value.toString();
  }

  /** Environment variables arrive as text; numbers from the JSON layers as numbers: both are read here. */
  public int integer(String key) {
    Object value = values.getValue(key);
    if (value instanceof Number number) {
      return number.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
    }
  }

  public boolean has(String key) {
    String value = string(key);
    return value != null && !value.isBlank();
  }
}
