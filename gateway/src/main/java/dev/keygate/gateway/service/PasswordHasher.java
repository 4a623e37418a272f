package dev.keygate.gateway.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Human passwords: bcrypt (salted, slow by design), always computed on a worker thread, never on an event loop. */
public final class PasswordHasher {

  private final Vertx vertx;
  private final int cost;

  public PasswordHasher(Vertx vertx, int cost) {
    this.vertx = vertx;
    this.cost = cost;
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()), false);
  }

  /**
   * Whether the password matches the stored bcrypt hash. A null hash (no such user) matches nothing but costs the same
   * bcrypt work, so that the answer's timing does not tell which user names exist.
   */
  public Future<Boolean> verify(String password, String hash) {
    if (password == null) {
      return Future.succeededFuture(false);
    }
    return vertx.executeBlocking(() -> {
      if (hash == null) {
        BCrypt.withDefaults().hash(cost, password.toCharArray());
        return false;
      }
      return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }, false);
  }
}
