package dev.keygate.gateway.service.token;

import dev.keygate.store.PreviousSecret;

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

  /**
   * Constant-time for hashes of one length (they all are: one keyed hash), and without allocating: this runs on
   * every token request.
   */
  static boolean sameHash(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < a.length(); i++) {
      difference |= a.charAt(i) ^ b.charAt(i);
    }
    return difference == 0;
  }
}
