package dev.keygate.gateway;

import io.vertx.core.Vertx;

/** Prints the effective configuration, for {@link KeygateConfigTest}'s child JVM. */
public final class ConfigProbe {

  private ConfigProbe() {}

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    KeygateConfig.load(vertx, args.length > 0 ? args[0] : null).onComplete(done -> {
      System.out.println(done.succeeded() ? done.result().values().encode() : "FAILED " + done.cause());
      vertx.close();
    });
  }
}
