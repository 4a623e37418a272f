package dev.keygate.store.postgres;

import java.util.List;

/**
 * The lanes of {@link GroupedWrites}: the row most writes of a kind queue on, so the writes that would wait for each
 * other there share one transaction instead. Each names its kind, so two kinds of ids never share a lane by chance.
 */
final class Lanes {

  private Lanes() {}

  /** Writes that count in an instance's listings (organizations, ecosystems). */
  static Object instance(String instanceId) {
    return List.of("instance", instanceId);
  }

  /** Writes that count in an organization's listings (users, projects, commerce applications). */
  static Object org(String instanceId, String orgId) {
    return List.of("org", instanceId, orgId);
  }

  /** Writes of a user's aggregate (its tokens and keys). */
  static Object user(String instanceId, String userId) {
    return List.of("user", instanceId, userId);
  }

  /** Writes of a project's aggregate (its apps' keys). */
  static Object project(String instanceId, String projectId) {
    return List.of("project", instanceId, projectId);
  }

  /** Creates of an ecosystem's clients (its client total). */
  static Object ecosystem(String instanceId, String ecosystemId) {
    return List.of("ecosystem", instanceId, ecosystemId);
  }

  /** Writes of a Droplit client's aggregate (its tokens). */
  static Object client(String instanceId, String clientId) {
    return List.of("client", instanceId, clientId);
  }

  /**
   * The answers and releases of idempotency records. The records are rows of their own, with no aggregate above
   * them, so all of them share one lane: one batch in flight at a time gathers the most writes per commit. Four lanes,
   * each a batch in flight, made idempotent creates slower (bench/run.sh, one lane against four: 1.40 times the
   * throughput), as four small commits at a time wait for each other's WAL flushes.
   */
  static Object idempotency() {
    return List.of("idempotency");
  }

  /** The claims of idempotency records, apart from their answers: a claim's commit does not wait for its flush. */
  static Object idempotencyClaims() {
    return List.of("idempotency-claims");
  }
}
