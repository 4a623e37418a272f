package dev.keygate.store.memory;

import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Last uses in the {@link CredentialIndex}, beside the credentials they are about; forgotten with their instance.
 * Not counted against the capacity: one small entry per credential that was used, written at most once a minute.
 */
record MemoryCredentialUsage(Tenants tenants, CredentialIndex index) implements CredentialUsageStore {

  @Override
  public Future<Void> recordLastUse(List<CredentialUse> uses) {
    for (CredentialUse use : uses) {
      // the instance's monitor orders this against its removal, which forgets its last uses
      Tenant tenant = tenants.get(use.instanceId());
      if (tenant != null) {
        synchronized (tenant) {
          if (tenants.get(use.instanceId()) == tenant) {
            index.recordLastUse(use);
          }
        }
      }
    }
    return Future.succeededFuture();
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
