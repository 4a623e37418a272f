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

  private CounterScopes() {}

  static String projects(String orgId) {
    return "projects/" + orgId;
  }

  static String apps(String projectId) {
    return "apps/" + projectId;
  }

  static String clients(String ecosystemId) {
    return "clients/" + ecosystemId;
  }

  /** An organization's commerce applications, of one type or ({@code null}) all. */
  static String commerce(String orgId, String type) {
    return "commerce/" + orgId + (type == null ? "" : "/" + type);
  }
}
