package dev.keygate.store.memory;

import static dev.keygate.store.EventTypes.ECOSYSTEM_ADDED;
import static dev.keygate.store.EventTypes.ECOSYSTEM_CHANGED;
import static dev.keygate.store.EventTypes.ECOSYSTEM_REMOVED;
import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.Change;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EcosystemStore;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Lookup;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import java.util.List;

/**
 * Droplit ecosystems: ids unique across instances (claimed in the global index), removal leaves a tombstone and
 * removes the ecosystem's clients through {@code clients}, the way it removes a single one.
 */
record MemoryEcosystemStore(Tenants tenants, GlobalIndex index, MemoryEcosystemClientStore clients,
                            MemoryChangeFeed feed) implements EcosystemStore {

  @Override
  public Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change) {
    return tenants.write(ecosystem.instanceId(), tenant -> {
      if (index.ecosystemOwner(ecosystem.id()) != null) {
        throw StoreException.alreadyExists(Entity.ECOSYSTEM); // before the capacity: a clash is the caller's error
      }
      tenant.admitClaiming(Entity.ECOSYSTEM, Weights.ecosystem(ecosystem),
          () -> index.claimEcosystem(ecosystem.id(), ecosystem.instanceId()));
      return tenant.commit(tenant.ecosystems, Aggregate.ECOSYSTEM, ecosystem.id(), 0, ECOSYSTEM_ADDED, change,
          sequence -> new Ecosystem(tenant.instance.id(), ecosystem.id(), ecosystem.metaJson(), ecosystem.domain(),
              change.at(), change.at(), null, sequence));
    });
  }

  @Override
  public Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId) {
    return Future.succeededFuture(tenants.lookup(instanceId, index.ecosystemOwner(ecosystemId),
        tenant -> tenant.ecosystems.get(ecosystemId), Ecosystem::isRemoved));
  }

  @Override
  public Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? new Page<>(List.of(), 0)
        : Pages.page(tenant.ecosystems, page, e -> !e.isRemoved()));
  }

  @Override
  public Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                           Change change) {
    return tenants.write(instanceId, tenant -> {
      Ecosystem ecosystem = tenant.liveEcosystem(ecosystemId);
      tenant.admitChange(Entity.ECOSYSTEM, Weights.ecosystem(ecosystem),
          Weights.ecosystem(ecosystem.withChange(metaJson, domain, null, 0)));
      Ecosystem changed = tenant.commit(tenant.ecosystems, Aggregate.ECOSYSTEM, ecosystemId, ecosystem.sequence(),
          ECOSYSTEM_CHANGED, change, sequence -> ecosystem.withChange(metaJson, domain, change.at(), sequence));
      feed.changed(ecosystemId);
      return changed;
    });
  }

  @Override
  public Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change) {
    return tenants.write(instanceId, tenant -> {
      Ecosystem ecosystem = tenant.liveEcosystem(ecosystemId);
      Ecosystem removed = ecosystem.removed(change.at(),
          tenant.append(Aggregate.ECOSYSTEM, ecosystemId, ecosystem.sequence(), ECOSYSTEM_REMOVED, change));
      // the tombstone keeps what tells "removed" from "never existed", not the metadata nobody reads any more
      tenant.ecosystems.put(ecosystemId, new Ecosystem(removed.instanceId(), removed.id(), null, null,
          removed.createdAt(), removed.changedAt(), removed.removedAt(), removed.sequence()));
      tenant.release(Weights.ecosystem(ecosystem) - Weights.TOMBSTONE);
      feed.changed(ecosystemId);
      for (EcosystemClient client : tenant.clients.values()) {
        if (client.ecosystemId().equals(ecosystemId) && !client.isRemoved()) {
          clients.removeLocked(tenant, client, change);
        }
      }
      return removed;
    });
  }
}
