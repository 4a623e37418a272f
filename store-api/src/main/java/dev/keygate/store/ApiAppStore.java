package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API applications: children of their project's aggregate, whose sequence each change advances. */
public interface ApiAppStore {

  /** Fails NOT_FOUND/PROJECT when the project is not in that org, ALREADY_EXISTS/API_APP_NAME on a duplicate name. */
  Future<ApiApp> createApiApp(ApiApp app, Change change);

  Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId);

  /** The app of any project of the organization with this id: empty when it is another org's or instance's. */
  Future<Optional<ApiApp>> apiAppById(String instanceId, String orgId, String appId);

  /** The project's apps, ordered by id. Fails NOT_FOUND/PROJECT when the project is not in that org. */
  default Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, PageRequest page) {
    return apiApps(instanceId, orgId, projectId, List.of(), page);
  }

  /**
   * The project's apps whose name matches every one of {@code names} (none: every app), ordered by id; the total
   * counts those alone. Fails NOT_FOUND/PROJECT when the project is not in that org.
   */
  Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, List<TextMatch> names,
                               PageRequest page);

  /**
   * Every app of every project of the organization, ordered by id like {@link #apiApps}; an empty page for an
   * organization the instance does not have.
   */
  default Future<Page<ApiApp>> apiAppsOfOrg(String instanceId, String orgId, PageRequest page) {
    return apiAppsOfOrg(instanceId, orgId, List.of(), page);
  }

  /**
   * As {@link #apiAppsOfOrg(String, String, PageRequest)}, only the apps whose name matches every one of
   * {@code names}; the total counts those alone.
   */
  Future<Page<ApiApp>> apiAppsOfOrg(String instanceId, String orgId, List<TextMatch> names, PageRequest page);

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

  /** The public keys of an API app, ordered by key id. Fails NOT_FOUND/API_APP. */
  Future<Page<AppKey>> apiAppKeys(String instanceId, String orgId, String projectId, String appId,
                                  PageRequest page);

  /**
   * Removes a public key of an API app; it stops authenticating at once. An event on the project records it
   * ({@link EventTypes#APP_KEY_REMOVED}). Returns the removed key. Fails NOT_FOUND/API_APP, or NOT_FOUND/MACHINE_KEY
   * when the app has no key with this id (app keys are counted under the key entity, as {@link #addApiAppKey}'s
   * refusals are).
   */
  Future<AppKey> removeApiAppKey(String instanceId, String orgId, String projectId, String appId, String keyId,
                                 Change change);
}
