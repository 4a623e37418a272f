package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * When each credential was last used. Written in batches, off the request path, by a gateway that coalesces the
 * uses it saw (at most one per credential a minute), so verifying a credential never waits for this store.
 */
public interface CredentialUsageStore {

  /**
   * Records these uses in one write; a use earlier than the one stored (another process's, flushed later) changes
   * nothing. Uses of an instance that no longer exists are dropped.
   */
  Future<Void> recordLastUse(List<CredentialUse> uses);

  /** The last use of each of these credentials of the instance that has one, by credential id. */
  Future<Map<String, Instant>> lastUses(String instanceId, Collection<String> credentialIds);
}
