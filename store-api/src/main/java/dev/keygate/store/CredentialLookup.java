package dev.keygate.store;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Credentials as clients present them, found by what is unique across instances (a hash, a key id, a client id):
 * the caller does not know the tenant yet, and learns it from the answer.
 */
public interface CredentialLookup {

  Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash);

  /**
   * The machine user whose secret, or previous secret ({@link User#previousSecret()}, whatever its expiry: the caller
   * checks it against its clock), has this keyed hash (secrets are unique), if any.
   */
  Future<Optional<User>> machineUserBySecretHash(String secretHash);

  /** A machine user's key by its id (key ids are unique across instances). */
  Future<Optional<MachineKey>> machineKey(String keyId);

  /** The API app with this client id (client ids are unique across instances). */
  Future<Optional<ApiApp>> apiAppByClientId(String clientId);

  Future<Optional<AppKey>> apiAppKey(String keyId);

  Future<Optional<ClientToken>> clientTokenByHash(String tokenHash);

  /** By id alone: an application key names its application, not its instance. */
  Future<Optional<CommerceApplication>> commerceApplicationById(String id);
}
