package dev.keygate.gateway;

import ch.qos.logback.classic.LoggerContext;
import dev.keygate.gateway.ops.MetricsVertx;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar keygate.jar [--config FILE]}. Starts Keygate on the configured store (memory by default) and prints
 * the start-up banner ({@link Banner}). When no {@code KEYGATE_SYSTEM_TOKEN} is configured, a random one is generated
 * and printed once on standard output; it is never logged. SIGTERM and SIGINT stop it gracefully ({@link
 * Keygate#stop}). {@code --help} ({@link Usage}) and {@code --version} print to standard output and exit 0; any other
 * argument gets the usage on standard error and exit code 2, as a command-line mistake does by convention.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    CommandLine line = CommandLine.parse(args);
    switch (line.action()) {
      case HELP -> {
        System.out.print(Usage.text());
        return;
      }
      case VERSION -> {
        System.out.println("Keygate " + BuildInfo.version());
        return;
      }
      case MISUSE -> {
        System.err.print("keygate: " + line.misuse() + "\n\n" + Usage.text());
        System.exit(2);
      }
      default -> run(line.configFile());
    }
  }

  private static void run(String configFile) {
    KeygateConfig config = load(configFile);
    // the Vert.x is made for the configuration: with metrics on, its pools report to the registry /metrics serves
    Vertx vertx = MetricsVertx.create(!"off".equals(config.string(KeygateConfig.METRICS).trim()));
    // KEYGATE_WARMUP: a few seconds of self-exercise on a throwaway Keygate before the main port listens (Warmup)
    Keygate.start(vertx, config, Warmup.before(vertx, config)).map(keygate -> {
          if (keygate.systemTokenGenerated()) {
            System.out.println("Keygate system token (generated, shown only now): " + keygate.systemToken());
          }
          System.out.print(Banner.of(config, keygate));
          System.out.flush();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, keygate, config), "keygate-stop"));
          return keygate;
        })
        .onFailure(failure -> {
          LOG.error("Keygate failed to start: {}", failure.getMessage());
          vertx.close();
          System.exit(1);
        });
  }

  private static KeygateConfig load(String configFile) {
    Vertx bootstrap = Vertx.vertx();
    try {
      return KeygateConfig.load(bootstrap, configFile).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      LOG.error("Keygate failed to start: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      System.exit(1);
      throw e;
    } finally {
      bootstrap.close();
    }
  }

  /** In the shutdown hook: in-flight requests finish (bounded), then the pool closes, then the log is flushed. */
  private static void stop(Vertx vertx, Keygate keygate, KeygateConfig config) {
    long bound = config.integer(KeygateConfig.SHUTDOWN_TIMEOUT_MS) + 5_000L;
    try {
      keygate.stop().toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
      // not waited for: its future completes on an event loop that closing terminates, so it would never be seen;
      // the pool is already closed and the JVM is exiting
      vertx.close();
    } catch (Exception e) {
      LOG.warn("Keygate did not stop cleanly within {} ms: {}", bound, e.getClass().getSimpleName());
    } finally {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
        logback.stop(); // flushes the asynchronous access log
      }
    }
  }
}
