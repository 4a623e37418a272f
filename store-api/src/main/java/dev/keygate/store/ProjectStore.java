package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Projects of an organization (each its own aggregate). */
public interface ProjectStore {

  Future<Project> createProject(Project project, Change change);

  Future<Optional<Project>> project(String instanceId, String orgId, String projectId);

  /** The organization's projects, ordered by id. */
  default Future<Page<Project>> projects(String instanceId, String orgId, PageRequest page) {
    return projects(instanceId, orgId, List.of(), page);
  }

  /**
   * The organization's projects whose name matches every one of {@code names} (none: every project), ordered by id;
   * the total counts those alone.
   */
  Future<Page<Project>> projects(String instanceId, String orgId, List<TextMatch> names, PageRequest page);

  /** Removes the project and its apps. Fails NOT_FOUND/PROJECT. */
  Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change);
}
