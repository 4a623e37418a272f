package dev.keygate.gateway;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar keygate.jar [--config FILE]}. Starts Keygate on the configured store (memory by default). When no
 * {@code KEYGATE_SYSTEM_TOKEN} is configured, a random one is generated and printed once on standard output; it is
 * never logged.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = args[++i];
      } else if (args[i].startsWith("--config=")) {
        configFile = args[i].substring("--config=".length());
      } else {
        System.err.println("usage: java -jar keygate.jar [--config FILE]");
        System.exit(2);
      }
    }
    Vertx vertx = Vertx.vertx();
    String file = configFile;
    KeygateConfig.load(vertx, file)
        .compose(config -> Keygate.start(vertx, config).map(keygate -> {
          if (keygate.systemTokenGenerated()) {
            System.out.println("Keygate system token (generated, shown only now): " + keygate.systemToken());
          }
          System.out.println("Keygate listening on port " + keygate.port() + " with the "
              + config.string(KeygateConfig.STORE) + " store; crypto: " + NativeCrypto.running());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> keygate.stop()
              .toCompletionStage().toCompletableFuture().join()));
          return keygate;
        }))
        .onFailure(failure -> {
          LOG.error("Keygate failed to start: {}", failure.getMessage());
          vertx.close();
          System.exit(1);
        });
  }
}
