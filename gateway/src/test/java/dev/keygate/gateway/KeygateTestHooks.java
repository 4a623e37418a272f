package dev.keygate.gateway;

import io.vertx.core.Future;

/**
 * The few things a test outside this package may do to a running {@link Keygate} that its users may not, reached
 * through package-private methods so that they stay out of Keygate's public surface.
 */
public final class KeygateTestHooks {

  private KeygateTestHooks() {}

  /** Writes the queued last uses now, instead of at the next periodic flush. */
  public static Future<Void> flushLastUses(Keygate keygate) {
    return keygate.flushLastUses();
  }
}
