package dev.keygate.gateway.service.token;

import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.CredentialLookup;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;

/**
 * A machine user found by its client secret and login name, the way both the {@code client_credentials} grant and
 * the revocation endpoint authenticate one. The secret is looked up by its keyed hash, through the cache; a previous
 * secret counts only until its overlap ends ({@link SecretMatch}). Each success is a use of that secret.
 */
final class MachineUserBySecret {

  private final CredentialLookup credentials;
  private final SecretHasher hasher;
  private final VerificationCache cache;
  private final LastUses lastUses;
  private final Clock clock;

  MachineUserBySecret(CredentialLookup credentials, SecretHasher hasher, VerificationCache cache, LastUses lastUses,
                      Clock clock) {
    this.credentials = credentials;
    this.hasher = hasher;
    this.cache = cache;
    this.lastUses = lastUses;
    this.clock = clock;
  }

  /** The machine user whose secret this is, if {@code clientId} is its login name; empty otherwise. */
  Future<Optional<User>> find(String clientId, String secret) {
    String hash = hasher.hash(secret);
    return cache.secretOwner(hash, () -> credentials.machineUserBySecretHash(hash))
        .map(owner -> owner.filter(user -> loginNameMatches(user, clientId) && isUsable(user, hash)));
  }

  private boolean isUsable(User user, String hash) {
    if (SecretMatch.of(hash, user.secretHash(), user.previousSecret(), clock.millis()) == SecretMatch.Which.NONE) {
      return false;
    }
    lastUses.used(user.instanceId(), hash);
    return true;
  }

  /** A login name is the user name, optionally followed by {@code @domain}. */
  private static boolean loginNameMatches(User user, String clientId) {
    if (clientId.equals(user.userName())) {
      return true;
    }
    int at = clientId.lastIndexOf('@');
    return at > 0 && clientId.substring(0, at).equals(user.userName());
  }
}
