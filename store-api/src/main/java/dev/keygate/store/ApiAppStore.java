package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/** API applications: children of their project's aggregate, whose sequence each change advances. */
public interface ApiAppStore {

  /** Fails NOT_FOUND/PROJECT when the project is not in that org, ALREADY_EXISTS/API_APP_NAME on a duplicate name. */
  Future<ApiApp> createApiApp(ApiApp app, Change change);

  Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId);

  Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, PageRequest page);

  /** Fails NOT_FOUND/API_APP. */
  Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change);

  /** Replaces the app's secret hash; the old secret stops working at once. Fails NOT_FOUND/API_APP. */
  default Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId,
                                         String secretHash, Change change) {
    return setApiAppSecret(instanceId, orgId, projectId, appId, secretHash, null, change);
  }

  /**
   * As {@link #setApiAppSecret(String, String, String, String, String, Change)}, but with {@code previousExpiresAt}
   * set the current secret becomes the app's {@link PreviousSecret}, valid until then, replacing any earlier one;
   * recorded as {@link EventTypes#APP_SECRET_ROTATED}.
   */
  Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId, String secretHash,
                                 Instant previousExpiresAt, Change change);

  /**
   * Ends a rotation's overlap early: the previous secret stops working at once
   * ({@link EventTypes#APP_PREVIOUS_SECRET_REMOVED}). Fails NOT_FOUND/API_APP, or NOT_FOUND/SECRET when there is no
   * previous secret valid at {@code change.at()}.
   */
  Future<ApiApp> endApiAppSecretOverlap(String instanceId, String orgId, String projectId, String appId,
                                        Change change);

  /** Adds a public key to an API app; an event on the project records it. Fails NOT_FOUND/API_APP. */
  Future<ApiApp> addApiAppKey(AppKey key, Change change);
}
