package dev.keygate.gateway.service.crypto;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Human passwords: bcrypt (salted, slow by design), always computed on a worker thread, never on an event loop.
 * bcrypt reads at most 72 bytes (and this library refuses more), while the contract allows 200 characters (up to
 * 800 bytes of UTF-8): a longer password is first reduced to the base64 of its SHA-256, so every character counts
 * and nothing throws. Passwords of up to 72 bytes are hashed as they are, so existing hashes keep matching.
 */
public final class PasswordHasher {

  private static final int MAX_BCRYPT_BYTES = 72;

  private final Vertx vertx;
  private final int cost;

  public PasswordHasher(Vertx vertx, int cost) {
    this.vertx = vertx;
    this.cost = cost;
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> BCrypt.withDefaults().hashToString(cost, bcryptInput(password)), false);
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
        BCrypt.withDefaults().hash(cost, bcryptInput(password));
        return false;
      }
      return BCrypt.verifyer().verify(bcryptInput(password), hash).verified;
    }, false);
  }

  /** What bcrypt is given for a password: itself up to bcrypt's 72 bytes, else the base64 of its SHA-256. */
  static char[] bcryptInput(String password) {
    byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_BCRYPT_BYTES) {
      return password.toCharArray();
    }
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(utf8)).toCharArray();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
