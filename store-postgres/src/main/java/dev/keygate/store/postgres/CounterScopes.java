package dev.keygate.store.postgres;

/**
 * The names of the listing totals in the {@code counters} table: one row per instance and scope, adjusted by every
 * write that adds to or takes from the listing (see {@link PgExecutor#count}).
 */
final class CounterScopes {

  /** Instances are counted under the empty instance id. */
  static final String ALL_INSTANCES = "";
  static final String INSTANCES = "instances";
  static final String ECOSYSTEMS = "ecosystems";
  /** An instance's organizations. */
  static final String ORGANIZATIONS = "organizations";

  private CounterScopes() {}

  static String projects(String orgId) {
    return "projects/" + orgId;
  }

  /** A project's apps; an organization's apps are the sum of its projects' (see PgApiAppStore). */
  static String apps(String projectId) {
    return "apps/" + projectId;
  }

  static String appKeys(String appId) {
    return "app-keys/" + appId;
  }

  static String users(String orgId) {
    return "users/" + orgId;
  }

  static String pats(String userId) {
    return "pats/" + userId;
  }

  static String machineKeys(String userId) {
    return "machine-keys/" + userId;
  }

  static String clients(String ecosystemId) {
    return "clients/" + ecosystemId;
  }

  /** An organization's commerce applications, of one type or ({@code null}) all. */
  static String commerce(String orgId, String type) {
    return "commerce/" + orgId + (type == null ? "" : "/" + type);
  }
}
