package dev.keygate.gateway.service.crypto;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash for generated, high-entropy credentials (client secrets, PATs): HMAC-SHA256 under a server key (pepper)
 * kept in the store. A slow password hash buys nothing for 380-bit random secrets and would make every token request
 * a CPU cost (see docs/design.md); the key means a stolen table alone cannot even be checked offline.
 * Human passwords use {@link PasswordHasher} instead.
 */
public final class SecretHasher {

  /** The server key that peppers every secret hash, shared by every process on the store. */
  public static final String PEPPER_KEY = "secret-hash-pepper";

  private final SecretKeySpec key;
  /** Mac instances are not thread-safe; one per thread keeps the hot path free of allocation and locking. */
  private final ThreadLocal<Mac> macs;

  /** The hasher with the store's pepper, which the first process on an empty store creates. */
  public static Future<SecretHasher> load(ServerKeyStore keys, SecretGenerator random) {
    return keys.serverKey(PEPPER_KEY, random.bytes(32)).map(SecretHasher::new);
  }

  public SecretHasher(byte[] pepper) {
    this.key = new SecretKeySpec(pepper.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public String hash(String secret) {
    byte[] digest = macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  /** Constant-time comparison of a presented secret with a stored hash. */
  public boolean matches(String presented, String storedHash) {
    if (presented == null || storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
