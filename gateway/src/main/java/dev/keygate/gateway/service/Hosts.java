package dev.keygate.gateway.service;

import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import java.util.List;

/** Which instance a request's host name belongs to, cached: asked on every authenticated request. */
public final class Hosts {

  private final KeygateStore store;
  private final VerificationCache cache;

  public Hosts(KeygateStore store, VerificationCache cache) {
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
    return cache.get("host:" + host, () -> store.instanceByDomain(host).map(i -> i.map(Instance::id).orElse("")),
            owner -> owner.isEmpty() ? List.of(KeygateStore.INSTANCES_CHANGED)
                : List.of(owner, KeygateStore.INSTANCES_CHANGED))
        .map(owner -> owner.isEmpty() || owner.equals(instanceId));
  }
}
