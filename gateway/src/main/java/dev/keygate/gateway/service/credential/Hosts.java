package dev.keygate.gateway.service.credential;

import dev.keygate.store.InstanceStore;
import io.vertx.core.Future;

/** Which instance a request's host name belongs to, cached: asked on every authenticated request. */
public final class Hosts {

  private final InstanceStore store;
  private final VerificationCache cache;

  public Hosts(InstanceStore store, VerificationCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /**
   * Whether a credential of {@code instanceId} may be used on {@code host}: on an instance's own domain only its own
   * credentials; unknown hosts (e.g. localhost, an IP) serve every instance, as the instance is then the credential's.
   */
  public Future<Boolean> allows(String instanceId, String host) {
    if (host == null) {
      return Future.succeededFuture(true);
    }
    return cache.instanceOfHost(host, () -> store.instanceByDomain(host))
        .map(owner -> owner.isEmpty() || owner.get().equals(instanceId));
  }
}
