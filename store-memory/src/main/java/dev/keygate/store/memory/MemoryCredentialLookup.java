package dev.keygate.store.memory;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CredentialLookup;
import dev.keygate.store.MachineKey;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Credentials as clients present them, read from the {@link GlobalIndex} and, where the index names an owner,
 * from that tenant. OAuth calls these on every request: each is a map read or two, lock-free.
 */
record MemoryCredentialLookup(Tenants tenants, GlobalIndex index) implements CredentialLookup {

  @Override
  public Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash) {
    return Future.succeededFuture(Optional.ofNullable(index.pat(tokenHash)));
  }

  @Override
  public Future<Optional<User>> machineUserBySecretHash(String secretHash) {
    GlobalIndex.UserRef owner = index.machineSecretOwner(secretHash);
    User user = owner == null ? null : tenants.user(owner.instanceId(), owner.userId());
    // writers change the user and the index one after the other, and this read takes no lock: it may see the one
    // change without the other, so the user counts only while it still has this secret
    return Future.succeededFuture(user != null && (secretHash.equals(user.secretHash())
        || user.previousSecret() != null && secretHash.equals(user.previousSecret().hash())) ? Optional.of(user)
        : Optional.empty());
  }

  @Override
  public Future<Optional<MachineKey>> machineKey(String keyId) {
    return Future.succeededFuture(Optional.ofNullable(index.machineKey(keyId)));
  }

  @Override
  public Future<Optional<ApiApp>> apiAppByClientId(String clientId) {
    return Future.succeededFuture(Optional.ofNullable(tenants.apiApp(index.appOwner(clientId))));
  }

  @Override
  public Future<Optional<AppKey>> apiAppKey(String keyId) {
    return Future.succeededFuture(Optional.ofNullable(index.appKey(keyId)));
  }

  @Override
  public Future<Optional<ClientToken>> clientTokenByHash(String tokenHash) {
    return Future.succeededFuture(Optional.ofNullable(index.clientToken(tokenHash)));
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplicationById(String id) {
    String owner = index.commerceOwner(id);
    return Future.succeededFuture(Optional.ofNullable(owner == null ? null : tenants.commerceApplication(owner, id)));
  }
}
