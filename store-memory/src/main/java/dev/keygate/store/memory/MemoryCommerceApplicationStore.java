package dev.keygate.store.memory;

import static dev.keygate.store.EventTypes.COMMERCE_APPLICATION_ADDED;
import static dev.keygate.store.EventTypes.COMMERCE_APPLICATION_CHANGED;
import static dev.keygate.store.EventTypes.COMMERCE_APPLICATION_KEY_CHANGED;
import static dev.keygate.store.EventTypes.COMMERCE_APPLICATION_KEY_ROTATED;
import static dev.keygate.store.EventTypes.COMMERCE_APPLICATION_REMOVED;
import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.Change;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CommerceApplicationStore;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** Oracle Commerce application IDs, each its own aggregate; their ids are claimed in the global index. */
record MemoryCommerceApplicationStore(Tenants tenants, GlobalIndex index, MemoryChangeFeed feed)
    implements CommerceApplicationStore {

  @Override
  public Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change) {
    return tenants.write(application.instanceId(), tenant -> {
      tenant.requireOrg(application.orgId());
      if (index.commerceOwner(application.id()) != null) {
        throw StoreException.alreadyExists(Entity.COMMERCE_APP); // before the capacity: a clash is the caller's error
      }
      long added = Weights.commerceApplication(application);
      tenant.admit(Entity.COMMERCE_APP, added);
      try {
        index.claimCommerceApplication(application.id(), application.instanceId());
      } catch (StoreException e) {
        tenant.release(added); // another instance claimed the id meanwhile
        throw e;
      }
      return commit(tenant, application, 0, COMMERCE_APPLICATION_ADDED, change,
          sequence -> application.withChange(change.at(), sequence));
    });
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id) {
    CommerceApplication application = tenants.commerceApplication(instanceId, id);
    return Future.succeededFuture(Optional.ofNullable(application).filter(a -> a.orgId().equals(orgId)));
  }

  @Override
  public Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                                PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? new Page<>(List.of(), 0) : Pages.page(tenant.commerceApplications,
        page, a -> a.orgId().equals(orgId) && (type == null || a.type().equals(type))));
  }

  @Override
  public Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id, String name,
                                                               Integer lifetimeDays, Change change) {
    return tenants.write(instanceId, tenant -> {
      CommerceApplication application = commerceOf(tenant, orgId, id);
      tenant.admitChange(Entity.COMMERCE_APP, Weights.commerceApplication(application),
          Weights.commerceApplication(application.withName(name, lifetimeDays, null, 0)));
      return commit(tenant, application, application.sequence(), COMMERCE_APPLICATION_CHANGED, change,
          sequence -> application.withName(name, lifetimeDays, change.at(), sequence));
    });
  }

  @Override
  public Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id,
                                                               String keyId, Instant keyExpiresAt,
                                                               Integer lifetimeDays, Instant previousKeyExpiresAt,
                                                               Change change) {
    return tenants.write(instanceId, tenant -> {
      CommerceApplication application = commerceOf(tenant, orgId, id);
      CommerceApplication sized = application.withKey(keyId, keyExpiresAt, lifetimeDays, previousKeyExpiresAt, null,
          0);
      tenant.admitChange(Entity.COMMERCE_APP, Weights.commerceApplication(application),
          Weights.commerceApplication(sized));
      CommerceApplication updated = commit(tenant, application, application.sequence(),
          sized.previousKeyId() != null ? COMMERCE_APPLICATION_KEY_ROTATED : COMMERCE_APPLICATION_KEY_CHANGED, change,
          sequence -> application.withKey(keyId, keyExpiresAt, lifetimeDays, previousKeyExpiresAt, change.at(),
              sequence));
      feed.changed(id);
      return updated;
    });
  }

  @Override
  public Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id,
                                                               Change change) {
    return tenants.write(instanceId, tenant -> {
      CommerceApplication application = commerceOf(tenant, orgId, id);
      long sequence = tenant.append(Aggregate.COMMERCE_APPLICATION, id, application.sequence(),
          COMMERCE_APPLICATION_REMOVED, change);
      tenant.commerceApplications.remove(id);
      // its id stays claimed in the index until the instance goes (as before), a few bytes counted with the tenant
      tenant.release(Weights.commerceApplication(application));
      feed.changed(id);
      return application.withChange(change.at(), sequence);
    });
  }

  private static CommerceApplication commerceOf(Tenant tenant, String orgId, String id) {
    CommerceApplication application = tenant.commerceApplications.get(id);
    if (application == null || !application.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.COMMERCE_APP);
    }
    return application;
  }

  private static CommerceApplication commit(Tenant tenant, CommerceApplication application, long previousSequence,
                                            String type, Change change, LongFunction<CommerceApplication> next) {
    return tenant.commit(tenant.commerceApplications, Aggregate.COMMERCE_APPLICATION, application.id(),
        previousSequence, type, change, next);
  }
}
