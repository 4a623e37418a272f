package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Tenants: instances with their domains, and the organizations inside them. */
public interface InstanceStore {

  /** Creates the instance with all it starts with. Fails ALREADY_EXISTS/INSTANCE_DOMAIN when a domain is taken. */
  Future<Instance> createInstance(NewInstance setup);

  Future<Optional<Instance>> instance(String instanceId);

  /** The live instance one of whose domains is {@code domain} (lower case, without port). */
  Future<Optional<Instance>> instanceByDomain(String domain);

  Future<Page<Instance>> instances(PageRequest page);

  /** Removes the instance and with it everything it holds; its domains become free. Fails NOT_FOUND/INSTANCE. */
  Future<Instance> removeInstance(String instanceId, Change change);

  Future<Optional<Organization>> organization(String instanceId, String orgId);

  /**
   * Adds a further organization to an existing instance, recorded as {@link EventTypes#ORG_ADDED} on its own
   * aggregate (as {@link NewInstance}'s first organization is). Fails NOT_FOUND/INSTANCE, ALREADY_EXISTS/ORGANIZATION
   * when the id is taken, ALREADY_EXISTS/ORGANIZATION_NAME when the instance has an organization of that name.
   */
  Future<Organization> createOrganization(Organization org, Change change);

  /** The instance's organizations, ordered by id; an empty page for an instance that does not exist. */
  default Future<Page<Organization>> organizations(String instanceId, PageRequest page) {
    return organizations(instanceId, List.of(), page);
  }

  /**
   * As {@link #organizations(String, PageRequest)}, only the organizations whose name matches every one of
   * {@code names}; the total counts those alone.
   */
  Future<Page<Organization>> organizations(String instanceId, List<TextMatch> names, PageRequest page);
}
