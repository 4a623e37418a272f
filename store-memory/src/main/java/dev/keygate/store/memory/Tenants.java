package dev.keygate.store.memory;

import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.ApiApp;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Instance;
import dev.keygate.store.Lookup;
import dev.keygate.store.StoreException;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The instances of the store: each one's {@link Tenant} and the index of their domains, with the reads of a record by
 * instance and id that several areas share. Reads are lock-free. A write
 * to one instance holds that tenant's monitor ({@link #write}). Adding or removing a tenant holds this object's
 * monitor ({@code synchronized (tenants)}), which guards the one invariant across tenants: a domain names at most one
 * instance.
 */
final class Tenants {

  private final ConcurrentSkipListMap<String, Tenant> byId = new ConcurrentSkipListMap<>(Ids.NUMERIC);
  private final Map<String, String> instanceIdsByDomain = new ConcurrentHashMap<>();
  private final Capacity capacity;
  /** How many of its newest events each tenant keeps ({@link EventLog}). */
  private final int eventsKept;

  Tenants(Capacity capacity, int eventsKept) {
    this.capacity = capacity;
    this.eventsKept = eventsKept;
  }

  Capacity capacity() {
    return capacity;
  }

  /** The live tenant, or {@code null}. */
  Tenant get(String instanceId) {
    return byId.get(instanceId);
  }

  /** The user of a live instance, or {@code null}. */
  User user(String instanceId, String userId) {
    Tenant tenant = byId.get(instanceId);
    return tenant == null ? null : tenant.users.get(userId);
  }

  /** The API app of a live instance's project, or {@code null}. */
  ApiApp apiApp(String instanceId, String projectId, String appId) {
    Tenant tenant = byId.get(instanceId);
    Tenant.ProjectApps apps = tenant == null ? null : tenant.appsByProject.get(projectId);
    return apps == null ? null : apps.byId.get(appId);
  }

  /** The API app that an {@link GlobalIndex#appOwner} entry names, or {@code null} (also for a null entry). */
  ApiApp apiApp(GlobalIndex.AppRef owner) {
    return owner == null ? null : apiApp(owner.instanceId(), owner.projectId(), owner.appId());
  }

  /** The commerce application of a live instance, or {@code null}. */
  CommerceApplication commerceApplication(String instanceId, String id) {
    Tenant tenant = byId.get(instanceId);
    return tenant == null ? null : tenant.commerceApplications.get(id);
  }

  /** The id of the live instance that has this domain, or {@code null}. */
  String instanceIdByDomain(String domain) {
    return instanceIdsByDomain.get(domain);
  }

  /** The live instances by id, as a snapshot in id order. */
  ConcurrentSkipListMap<String, Instance> instancesById() {
    ConcurrentSkipListMap<String, Instance> snapshot = new ConcurrentSkipListMap<>(Ids.NUMERIC);
    byId.forEach((id, tenant) -> snapshot.put(id, tenant.instance));
    return snapshot;
  }

  /**
   * A new, not yet visible tenant for the instance. Fails ALREADY_EXISTS/INSTANCE_DOMAIN when one of its domains is
   * taken, ALREADY_EXISTS/INSTANCE when its id is. Call with this object's monitor held, and {@link #publish} it.
   */
  Tenant reserve(Instance instance) {
    for (Instance.Domain domain : instance.domains()) {
      if (instanceIdsByDomain.containsKey(domain.name())) {
        throw StoreException.alreadyExists(Entity.INSTANCE_DOMAIN);
      }
    }
    if (byId.containsKey(instance.id())) {
      throw StoreException.alreadyExists(Entity.INSTANCE);
    }
    return new Tenant(instance, capacity, eventsKept);
  }

  /** Makes a reserved tenant visible under its id and its domains. Call with this object's monitor held. */
  void publish(Tenant tenant) {
    Instance instance = tenant.instance;
    for (Instance.Domain domain : instance.domains()) {
      instanceIdsByDomain.put(domain.name(), instance.id());
    }
    byId.put(instance.id(), tenant);
  }

  /**
   * Takes the tenant out of sight and frees its domains; writers still waiting for its monitor then fail (see
   * {@link #write}). Fails NOT_FOUND/INSTANCE. Call with this object's monitor held.
   */
  Tenant remove(String instanceId) {
    Tenant tenant = byId.remove(instanceId);
    if (tenant == null) {
      throw StoreException.notFound(Entity.INSTANCE);
    }
    tenant.instance.domains().forEach(d -> instanceIdsByDomain.remove(d.name(), instanceId));
    return tenant;
  }

  /** A change to one live tenant, made with its monitor held. */
  interface TenantWrite<T> {
    T apply(Tenant tenant);
  }

  /** Runs the write under the tenant's monitor. Fails NOT_FOUND/INSTANCE unless the instance is live. */
  <T> Future<T> write(String instanceId, TenantWrite<T> write) {
    return attempt(() -> {
      Tenant tenant = byId.get(instanceId);
      if (tenant == null) {
        throw StoreException.notFound(Entity.INSTANCE);
      }
      synchronized (tenant) {
        if (byId.get(instanceId) != tenant) {
          throw StoreException.notFound(Entity.INSTANCE); // removed while we waited for the monitor
        }
        return write.apply(tenant);
      }
    });
  }

  /** The action's result, or its {@link StoreException} as a failed future. */
  static <T> Future<T> attempt(Supplier<T> action) {
    try {
      return Future.succeededFuture(action.get());
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A lookup by an id unique across instances, as {@code instanceId} sees it: {@code owner} is the instance that
   * issued the id (null if none did), {@code find} reads the object from that tenant, {@code removed} tells a
   * tombstone.
   */
  <T> Lookup<T> lookup(String instanceId, String owner, Function<Tenant, T> find, Predicate<T> removed) {
    if (owner == null) {
      return Lookup.of(Lookup.State.NEVER_EXISTED);
    }
    if (!owner.equals(instanceId)) {
      return Lookup.of(Lookup.State.OTHER_TENANT);
    }
    Tenant tenant = byId.get(instanceId);
    T value = tenant == null ? null : find.apply(tenant);
    if (value == null) {
      return Lookup.of(Lookup.State.NEVER_EXISTED);
    }
    return removed.test(value) ? Lookup.of(Lookup.State.REMOVED) : Lookup.found(value);
  }
}
