package dev.keygate.gateway.service;

import dev.keygate.store.CredentialLookup;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * A machine user found by its client secret and login name, the way both the {@code client_credentials} grant and
 * the revocation endpoint authenticate one. The secret is looked up by its keyed hash, through the cache.
 */
final class MachineUserBySecret {

  private final CredentialLookup credentials;
  private final SecretHasher hasher;
  private final VerificationCache cache;

  MachineUserBySecret(CredentialLookup credentials, SecretHasher hasher, VerificationCache cache) {
    this.credentials = credentials;
    this.hasher = hasher;
    this.cache = cache;
  }

  /** The machine user whose secret this is, if {@code clientId} is its login name; empty otherwise. */
  Future<Optional<User>> find(String clientId, String secret) {
    String hash = hasher.hash(secret);
    return cache.secretOwner(hash, () -> credentials.machineUserBySecretHash(hash))
        .map(owner -> owner.filter(user -> loginNameMatches(user, clientId)));
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
