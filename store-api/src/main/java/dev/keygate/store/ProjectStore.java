package dev.keygate.store;

import io.vertx.core.Future;
import java.util.Optional;

/** Projects of an organization (each its own aggregate). */
public interface ProjectStore {

  Future<Project> createProject(Project project, Change change);

  Future<Optional<Project>> project(String instanceId, String orgId, String projectId);

  Future<Page<Project>> projects(String instanceId, String orgId, PageRequest page);

  /** Removes the project and its apps. Fails NOT_FOUND/PROJECT. */
  Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change);
}
