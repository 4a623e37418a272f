package dev.keygate.gateway;

import io.vertx.core.json.JsonObject;

/**
 * The text of {@code --help}: what Keygate is, its options, the few settings a first start needs, and where the rest
 * is. The defaults shown are the configuration's own, so the text cannot drift from them.
 */
final class Usage {

  /** Set by bin/keygate to its own path, so that the usage names the command that was typed. */
  static final String COMMAND_PROPERTY = "keygate.command";

  private Usage() {}

  static String text() {
    String script = System.getProperty(COMMAND_PROPERTY);
    String command = script == null || script.isBlank() ? "java -jar keygate.jar" : script;
    JsonObject defaults = KeygateConfig.defaults();
    StringBuilder text = new StringBuilder()
        .append("Keygate ").append(BuildInfo.version())
        .append(": a self-hosted service that issues API credentials, speaking ZITADEL's,\n")
        .append("Oracle Commerce's and Droplit's APIs.\n")
        .append('\n')
        .append("usage: ").append(command).append(" [--config FILE]\n")
        .append("       ").append(command).append(" --help | --version\n")
        .append('\n')
        .append("  --config FILE  settings from a JSON file, e.g. {\"KEYGATE_HTTP_PORT\": 9090}\n")
        .append("                 (or KEYGATE_CONFIG=FILE); environment variables and -DKEY=value override it\n")
        .append("  -h, --help     print this text and exit\n")
        .append("  --version      print the version and exit\n")
        .append('\n')
        .append("Settings a first start may need (environment variables):\n")
        .append(setting(KeygateConfig.HTTP_PORT, "main port", defaults))
        .append(setting(KeygateConfig.MANAGEMENT_PORT, "port of /metrics and /health/*", defaults))
        .append(setting(KeygateConfig.STORE, "memory (forgets everything on restart) or postgres", defaults))
        .append(setting(KeygateConfig.PG_URI, "postgresql://user:password@host:5432/database, for postgres",
            defaults))
        .append(setting(KeygateConfig.SYSTEM_TOKEN, "bearer token of the system API (default: generated, "
            + "printed once)", defaults))
        .append(setting(KeygateConfig.SYSTEM_USERS, "system users whose signed JWTs the system API takes, "
            + "{\"<id>\": {\"path\": \"<PEM public key>\"}}", defaults))
        .append(setting(KeygateConfig.EXTERNAL_DOMAIN, "parent domain of the instances' generated domains",
            defaults))
        // read by Main from the environment or -D, not from the configuration file (Warmup)
        .append(String.format("  %-24s %s\n", Warmup.SETTING, "on (" + Warmup.DEFAULT_MS + " ms), off or "
            + "milliseconds: a throwaway Keygate gets the hot requests before the port opens"));
    if (script != null && !script.isBlank()) {
      text.append("  KEYGATE_JAVA, KEYGATE_JAVA_OPTS, KEYGATE_JAVA_EXTRA_OPTS, KEYGATE_CDS, KEYGATE_JAR:\n")
          .append("                           the JVM and jar ").append(command).append(" runs (see its header)\n");
    }
    return text.append('\n')
        .append("Every setting, with its default: the Configuration table of README.md.\n")
        .toString();
  }

  private static String setting(String key, String meaning, JsonObject defaults) {
    Object value = defaults.getValue(key);
    return String.format("  %-24s %s%s\n", key, meaning, value == null ? "" : " (default " + value + ")");
  }
}
