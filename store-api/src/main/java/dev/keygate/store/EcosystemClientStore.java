package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;

/** Droplit clients of an ecosystem and their tokens: ids unique across instances, removal leaves a tombstone. */
public interface EcosystemClientStore {

  /** Fails NOT_FOUND/ECOSYSTEM unless the client's ecosystem is live in the instance. */
  Future<EcosystemClient> createClient(EcosystemClient client, Change change);

  /** FOUND (live), REMOVED (tombstone of this instance), OTHER_TENANT or NEVER_EXISTED. */
  Future<Lookup<EcosystemClient>> client(String instanceId, String clientId);

  /** Live clients of a live ecosystem. Fails NOT_FOUND/ECOSYSTEM otherwise. */
  Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page);

  /** Fails NOT_FOUND/CLIENT unless the client is live in the instance. */
  Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                       Change change);

  /** Leaves a tombstone; the client's tokens stop working. Fails NOT_FOUND/CLIENT. */
  Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change);

  /** Fails NOT_FOUND/CLIENT unless the client is live in the instance. */
  Future<ClientToken> addClientToken(ClientToken token, Change change);

  /** The tokens of a live client, oldest first. */
  Future<List<ClientToken>> clientTokens(String instanceId, String clientId);
}
