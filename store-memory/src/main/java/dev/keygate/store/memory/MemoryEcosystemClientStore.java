package dev.keygate.store.memory;

import static dev.keygate.store.EventTypes.CLIENT_ADDED;
import static dev.keygate.store.EventTypes.CLIENT_CHANGED;
import static dev.keygate.store.EventTypes.CLIENT_REMOVED;
import static dev.keygate.store.EventTypes.CLIENT_TOKEN_ADDED;
import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EcosystemClientStore;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Lookup;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Droplit clients and their tokens: client ids unique across instances (claimed in the global index), removal leaves
 * a tombstone and drops the client's tokens from the index.
 */
record MemoryEcosystemClientStore(Tenants tenants, GlobalIndex index, MemoryChangeFeed feed)
    implements EcosystemClientStore {

  @Override
  public Future<EcosystemClient> createClient(EcosystemClient client, Change change) {
    return tenants.write(client.instanceId(), tenant -> {
      Ecosystem ecosystem = tenant.liveEcosystem(client.ecosystemId());
      if (index.clientOwner(client.id()) != null) {
        throw StoreException.alreadyExists(Entity.CLIENT); // before the capacity: a clash is the caller's error
      }
      tenant.admitClaiming(Entity.CLIENT, Weights.client(client),
          () -> index.claimClient(client.id(), client.instanceId()));
      return tenant.commit(tenant.clients, Aggregate.CLIENT, client.id(), 0, CLIENT_ADDED, change,
          sequence -> new EcosystemClient(tenant.instance.id(), ecosystem.id(), client.id(), client.type(),
              client.name(), client.description(), change.at(), change.at(), null, sequence));
    });
  }

  @Override
  public Future<Lookup<EcosystemClient>> client(String instanceId, String clientId) {
    return Future.succeededFuture(tenants.lookup(instanceId, index.clientOwner(clientId),
        tenant -> tenant.clients.get(clientId), EcosystemClient::isRemoved));
  }

  @Override
  public Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    Ecosystem ecosystem = tenant == null ? null : tenant.ecosystems.get(ecosystemId);
    if (ecosystem == null || ecosystem.isRemoved()) {
      return Future.failedFuture(StoreException.notFound(Entity.ECOSYSTEM));
    }
    return Future.succeededFuture(Pages.page(tenant.clients, page,
        c -> c.ecosystemId().equals(ecosystemId) && !c.isRemoved()));
  }

  @Override
  public Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                              Change change) {
    return tenants.write(instanceId, tenant -> {
      EcosystemClient client = liveClient(tenant, clientId);
      tenant.admitChange(Entity.CLIENT, Weights.client(client),
          Weights.client(client.withChange(name, description, null, 0)));
      EcosystemClient changed = tenant.commit(tenant.clients, Aggregate.CLIENT, clientId, client.sequence(),
          CLIENT_CHANGED, change, sequence -> client.withChange(name, description, change.at(), sequence));
      feed.changed(clientId);
      return changed;
    });
  }

  @Override
  public Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change) {
    return tenants.write(instanceId, tenant -> removeLocked(tenant, liveClient(tenant, clientId), change));
  }

  /**
   * Leaves the client's tombstone (trimmed to what tells "removed" from "never existed") and drops its tokens, giving
   * their room back. Answers the removed client as it was. Call with the tenant's monitor held.
   */
  EcosystemClient removeLocked(Tenant tenant, EcosystemClient client, Change change) {
    EcosystemClient removed = client.removed(change.at(),
        tenant.append(Aggregate.CLIENT, client.id(), client.sequence(), CLIENT_REMOVED, change));
    tenant.clients.put(client.id(), new EcosystemClient(removed.instanceId(), removed.ecosystemId(), removed.id(),
        removed.type(), null, null, removed.createdAt(), removed.changedAt(), removed.removedAt(), removed.sequence()));
    List<ClientToken> tokens = tenant.tokensByClient.remove(client.id());
    index.forgetClientTokens(tokens);
    long freed = Weights.client(client) - Weights.TOMBSTONE;
    if (tokens != null) {
      freed += tokens.stream().mapToLong(Weights::token).sum();
    }
    tenant.release(freed);
    feed.changed(client.id());
    return removed;
  }

  @Override
  public Future<ClientToken> addClientToken(ClientToken token, Change change) {
    return tenants.write(token.instanceId(), tenant -> {
      EcosystemClient client = liveClient(tenant, token.clientId());
      tenant.admit(Entity.CLIENT, Weights.token(token));
      tenant.commit(tenant.clients, Aggregate.CLIENT, client.id(), client.sequence(), CLIENT_TOKEN_ADDED, change,
          sequence -> client.withChange(client.name(), client.description(), change.at(), sequence));
      tenant.tokensByClient.computeIfAbsent(token.clientId(), k -> new CopyOnWriteArrayList<>()).add(token);
      index.addClientToken(token);
      feed.changed(client.id());
      return token;
    });
  }

  @Override
  public Future<List<ClientToken>> clientTokens(String instanceId, String clientId) {
    Tenant tenant = tenants.get(instanceId);
    List<ClientToken> tokens = tenant == null ? null : tenant.tokensByClient.get(clientId);
    return Future.succeededFuture(tokens == null ? List.of() : List.copyOf(tokens));
  }

  private static EcosystemClient liveClient(Tenant tenant, String clientId) {
    EcosystemClient client = tenant.clients.get(clientId);
    if (client == null || client.isRemoved()) {
      throw StoreException.notFound(Entity.CLIENT);
    }
    return client;
  }
}
