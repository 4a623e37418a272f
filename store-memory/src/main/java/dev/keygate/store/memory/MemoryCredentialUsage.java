package dev.keygate.store.memory;

import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Last uses in the {@link GlobalIndex}, beside the credentials they are about; forgotten with their instance.
 * Each credential's entry counts against the capacity, since the entries of removed credentials stay until then.
 */
record MemoryCredentialUsage(Tenants tenants, GlobalIndex index) implements CredentialUsageStore {

  @Override
  public Future<Void> recordLastUse(List<CredentialUse> uses) {
    for (CredentialUse use : uses) {
      // the instance's monitor orders this against its removal, which forgets its last uses
      Tenant tenant = tenants.get(use.instanceId());
      if (tenant != null) {
        synchronized (tenant) {
          if (tenants.get(use.instanceId()) == tenant && isAdmitted(tenant, use)) {
            index.recordLastUse(use);
          }
        }
      }
    }
    return Future.succeededFuture();
  }

  /**
   * A credential's first recorded use takes room ({@link Weights#LAST_USE}, given back with the instance); in a full
   * store it is not recorded, which loses a time and nothing else (the capacity's own warning says the store is full).
   */
  private boolean isAdmitted(Tenant tenant, CredentialUse use) {
    if (index.lastUse(use.credentialId()) != null) {
      return true;
    }
    try {
      tenant.admit(StoreException.Entity.SECRET, Weights.LAST_USE);
      return true;
    } catch (StoreException full) {
      return false;
    }
  }

  @Override
  public Future<Map<String, Instant>> lastUses(String instanceId, Collection<String> credentialIds) {
    Map<String, Instant> found = new HashMap<>();
    for (String id : credentialIds) {
      CredentialUse use = id == null ? null : index.lastUse(id);
      if (use != null && use.instanceId().equals(instanceId)) {
        found.put(id, use.at());
      }
    }
    return Future.succeededFuture(found);
  }
}
