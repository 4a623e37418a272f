package dev.keygate.store;

import io.vertx.core.Future;
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
}
