package dev.keygate.store;

import io.vertx.core.Future;

/** Droplit ecosystems: ids unique across instances, removal leaves a tombstone. */
public interface EcosystemStore {

  Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change);

  /** FOUND (live), REMOVED (tombstone of this instance), OTHER_TENANT or NEVER_EXISTED. */
  Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId);

  /** Live ecosystems of the instance. */
  Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page);

  /** Fails NOT_FOUND/ECOSYSTEM unless the ecosystem is live in the instance. */
  Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                    Change change);

  /** Leaves a tombstone; its clients are removed and their tokens stop working. Fails NOT_FOUND/ECOSYSTEM. */
  Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change);
}
