package dev.keygate.gateway.service;

import dev.keygate.store.PreviousSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Whether a presented secret's keyed hash is a client's current secret, or its previous one while a rotation's
 * overlap lasts. The expiry is checked here, at each use, against the clock: a cached client stops accepting its
 * previous secret at the second it expires, in every process, without anyone telling the cache.
 */
final class SecretMatch {

  private SecretMatch() {}

  /** The secret this hash is, if any. */
  enum Which { CURRENT, PREVIOUS, NONE }

  static Which of(String presentedHash, String currentHash, PreviousSecret previous, long nowMillis) {
    if (currentHash != null && sameHash(presentedHash, currentHash)) {
      return Which.CURRENT;
    }
    if (previous != null && nowMillis < previous.expiresAt().toEpochMilli() && sameHash(presentedHash,
        previous.hash())) {
      return Which.PREVIOUS;
    }
    return Which.NONE;
  }

  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
