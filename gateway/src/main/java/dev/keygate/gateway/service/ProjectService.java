package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.ProjectStore;
import dev.keygate.store.StoreException;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Projects of an organization. */
public final class ProjectService {

  private static final Map<StoreException.Entity, DomainError> ERRORS =
      Map.of(StoreException.Entity.PROJECT, DomainError.PROJECT_NOT_FOUND);

  private final ProjectStore store;
  private final IdGenerator ids;
  private final Changes changes;

  public ProjectService(ProjectStore store, IdGenerator ids, Clock clock) {
    this.store = store;
    this.ids = ids;
    this.changes = new Changes(clock);
  }

  public Future<Project> create(Scope scope, String name, boolean roleAssertion, boolean roleCheck,
      boolean projectCheck) {
    var change = changes.by(scope);
    Project project = new Project(scope.instanceId(), scope.orgId(), ids.next(), name, roleAssertion, roleCheck,
        projectCheck, change.at(), change.at(), 0);
    return store.createProject(project, change).recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  public Future<Project> get(Scope scope, String projectId) {
    return store.project(scope.instanceId(), scope.orgId(), projectId).compose(found -> found
        .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(DomainError.PROJECT_NOT_FOUND.exception())));
  }

  public Future<Page<Project>> list(Scope scope, PageRequest page) {
    return list(scope, List.of(), page);
  }

  /** One page of the organization's projects whose name matches every one of {@code names}. */
  public Future<Page<Project>> list(Scope scope, List<TextMatch> names, PageRequest page) {
    return store.projects(scope.instanceId(), scope.orgId(), names, page)
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  public Future<Project> remove(Scope scope, String projectId) {
    return store.removeProject(scope.instanceId(), scope.orgId(), projectId, changes.by(scope))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }
}
