package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/** Oracle Commerce application IDs: aggregates of their own, ids unique across instances, only the key's id kept. */
public interface CommerceApplicationStore {

  /** Fails NOT_FOUND/ORGANIZATION when the organization is not in the instance. */
  Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change);

  Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id);

  /** The organization's application IDs, of one type or (null) all. */
  Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                         PageRequest page);

  /** Renames it and records the key lifetime asked for. Fails NOT_FOUND/COMMERCE_APP. */
  Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id, String name,
                                                        Integer lifetimeDays, Change change);

  /** Replaces its key; the previous key stops working at once. Fails NOT_FOUND/COMMERCE_APP. */
  default Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id,
                                                                String keyId, Instant keyExpiresAt,
                                                                Integer lifetimeDays, Change change) {
    return setCommerceApplicationKey(instanceId, orgId, id, keyId, keyExpiresAt, lifetimeDays, null, change);
  }

  /**
   * As above, but with {@code previousKeyExpiresAt} the current key keeps working until then (see
   * {@link CommerceApplication#withKey(String, Instant, Integer, Instant, Instant, long)}); recorded as
   * {@link EventTypes#COMMERCE_APPLICATION_KEY_ROTATED}.
   */
  Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id, String keyId,
                                                        Instant keyExpiresAt, Integer lifetimeDays,
                                                        Instant previousKeyExpiresAt, Change change);

  /** Fails NOT_FOUND/COMMERCE_APP. Its key stops working at once. */
  Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id, Change change);
}
