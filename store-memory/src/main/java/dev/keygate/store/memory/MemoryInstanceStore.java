package dev.keygate.store.memory;

import static dev.keygate.store.CredentialChangeFeed.INSTANCES_CHANGED;
import static dev.keygate.store.EventTypes.INSTANCE_ADDED;
import static dev.keygate.store.EventTypes.INSTANCE_MEMBER_ADDED;
import static dev.keygate.store.EventTypes.INSTANCE_REMOVED;
import static dev.keygate.store.EventTypes.ORG_ADDED;
import static dev.keygate.store.EventTypes.USER_MACHINE_KEY_ADDED;
import static dev.keygate.store.EventTypes.USER_PAT_ADDED;

import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Instance;
import dev.keygate.store.InstanceStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Instances and their organizations. The one class that adds and removes tenants, under the {@link Tenants} monitor
 * (domains are unique across tenants); removal is the one place that makes the store forget an instance.
 */
record MemoryInstanceStore(Tenants tenants, GlobalIndex index, MemoryChangeFeed feed) implements InstanceStore {

  @Override
  public Future<Instance> createInstance(NewInstance setup) {
    return Tenants.attempt(() -> {
      synchronized (tenants) {
        Tenant tenant = tenants.reserve(setup.instance());
        synchronized (tenant) {
          tenant.admit(Entity.INSTANCE, Weights.instance(setup));
          fill(tenant, setup);
        }
        tenants.publish(tenant);
        feed.changed(INSTANCES_CHANGED);
        return tenant.instance;
      }
    });
  }

  /** Records everything a new instance starts with. Call with the new tenant's monitor held. */
  private void fill(Tenant tenant, NewInstance setup) {
    Instance instance = setup.instance();
    Change change = setup.change();
    long sequence = tenant.append(Aggregate.INSTANCE, instance.id(), 0, INSTANCE_ADDED, change);
    Organization org = setup.firstOrg();
    long orgSequence = tenant.append(Aggregate.ORG, org.id(), 0, ORG_ADDED, change);
    tenant.putNewOrg(org.withChange(org.createdAt(), orgSequence));
    User owner = setup.owner();
    if (owner != null) {
      long userSequence = tenant.append(Aggregate.USER, owner.id(), 0, EventTypes.userAdded(owner.isMachine()), change);
      sequence = tenant.append(Aggregate.INSTANCE, instance.id(), sequence, INSTANCE_MEMBER_ADDED, change);
      if (setup.ownerPat() != null) {
        userSequence = tenant.append(Aggregate.USER, owner.id(), userSequence, USER_PAT_ADDED, change);
        tenant.addPat(setup.ownerPat());
        index.addPat(setup.ownerPat());
      }
      if (setup.ownerKey() != null) {
        userSequence = tenant.append(Aggregate.USER, owner.id(), userSequence, USER_MACHINE_KEY_ADDED, change);
        tenant.addMachineKey(owner.id(), setup.ownerKey());
        index.addMachineKey(setup.ownerKey());
      }
      index.replaceMachineSecret(null, owner.secretHash(), instance.id(), owner.id());
      tenant.putNewUser(owner.withChange(owner.changedAt(), userSequence));
    }
    tenant.instance = instance.withChange(instance.changedAt(), sequence);
  }

  @Override
  public Future<Optional<Instance>> instance(String instanceId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? Optional.empty() : Optional.of(tenant.instance));
  }

  @Override
  public Future<Optional<Instance>> instanceByDomain(String domain) {
    String id = tenants.instanceIdByDomain(domain);
    return id == null ? Future.succeededFuture(Optional.empty()) : instance(id);
  }

  @Override
  public Future<Page<Instance>> instances(PageRequest page) {
    return Future.succeededFuture(Pages.page(tenants.instancesById(), page, Pages.all()));
  }

  @Override
  public Future<Instance> removeInstance(String instanceId, Change change) {
    return Tenants.attempt(() -> {
      synchronized (tenants) {
        Tenant tenant = tenants.remove(instanceId);
        synchronized (tenant) {
          long sequence = tenant.append(Aggregate.INSTANCE, instanceId, tenant.instance.sequence(), INSTANCE_REMOVED,
              change);
          index.forget(instanceId); // the tenant's own maps go with it; the global index must be told
          tenants.capacity().release(tenant.bytes());
          feed.changed(instanceId);
          feed.changed(INSTANCES_CHANGED);
          return tenant.instance.withChange(change.at(), sequence);
        }
      }
    });
  }

  @Override
  public Future<Optional<Organization>> organization(String instanceId, String orgId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? Optional.empty() : Optional.ofNullable(tenant.orgs.get(orgId)));
  }

  @Override
  public Future<Organization> createOrganization(Organization org, Change change) {
    return tenants.write(org.instanceId(), tenant -> {
      if (tenant.orgs.containsKey(org.id())) {
        throw StoreException.alreadyExists(Entity.ORGANIZATION);
      }
      if (tenant.orgIdsByName.containsKey(org.name())) {
        throw StoreException.alreadyExists(Entity.ORGANIZATION_NAME);
      }
      tenant.admit(Entity.ORGANIZATION, Weights.organization(org));
      long sequence = tenant.append(Aggregate.ORG, org.id(), 0, ORG_ADDED, change);
      Organization stored = new Organization(tenant.instance.id(), org.id(), org.name(), org.createdAt(),
          org.createdAt(), sequence);
      tenant.putNewOrg(stored);
      return stored;
    });
  }

  @Override
  public Future<Page<Organization>> organizations(String instanceId, List<TextMatch> names, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? new Page<>(List.of(), 0) : Pages.page(tenant.orgs, page,
        names.isEmpty() ? Pages.all() : org -> TextMatch.all(names, org.name())));
  }
}
