package dev.keygate.gateway;

import java.lang.management.ManagementFactory;
import java.net.URI;

/**
 * The lines Keygate prints once it is up: version, store (for PostgreSQL its host, database and schema, never the
 * user or password), the main and management URLs, the console and docs pages, the crypto provider, and how long the
 * start took (since the JVM started, so class loading and migrations count). The main line keeps its old words,
 * "listening on port N", which scripts may look for.
 */
final class Banner {

  private Banner() {}

  static String of(KeygateConfig config, Keygate keygate) {
    String main = url(keygate.scheme(), config.string(KeygateConfig.HTTP_HOST), keygate.port());
    String management = url(keygate.managementScheme(), config.string(KeygateConfig.MANAGEMENT_HOST),
        keygate.managementPort());
    return "Keygate " + BuildInfo.version() + " started in " + ManagementFactory.getRuntimeMXBean().getUptime()
        + " ms, listening on port " + keygate.port() + "\n"
        + "  main:       " + main + "\n"
        + "  console:    " + main + "/console\n"
        + "  docs:       " + main + "/docs\n"
        + "  management: " + management + " (/metrics, /health/live, /health/ready, /health/started)\n"
        + "  store:      " + store(config) + "\n"
        + "  crypto:     " + NativeCrypto.running() + "\n";
  }

  /** A URL to click: the wildcard address is shown as localhost. */
  private static String url(String scheme, String host, int port) {
    String shown = host == null || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return scheme + "://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port;
  }

  static String store(KeygateConfig config) {
    String kind = config.string(KeygateConfig.STORE).trim();
    if (!kind.equals("postgres")) {
      return kind;
    }
    String schema = config.string(KeygateConfig.PG_SCHEMA);
    try {
      URI uri = URI.create(config.string(KeygateConfig.PG_URI).trim());
      String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "(default database)"
          : uri.getPath().substring(1);
      return "postgres " + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + ", database "
          + database + ", schema " + schema;
    } catch (RuntimeException e) {
      return "postgres, schema " + schema; // the URI was accepted by the driver but not by java.net.URI
    }
  }
}
