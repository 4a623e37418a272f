package dev.keygate.store.memory;

import static dev.keygate.store.EventTypes.PROJECT_ADDED;
import static dev.keygate.store.EventTypes.PROJECT_REMOVED;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Change;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.ProjectStore;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Projects of an organization; removing one takes its apps and their credentials with it. */
record MemoryProjectStore(Tenants tenants, GlobalIndex index, MemoryChangeFeed feed) implements ProjectStore {

  @Override
  public Future<Project> createProject(Project project, Change change) {
    return tenants.write(project.instanceId(), tenant -> {
      tenant.requireOrg(project.orgId());
      tenant.admit(Entity.PROJECT, Weights.project(project));
      Project stored = tenant.commit(tenant.projects, Aggregate.PROJECT, project.id(), 0, PROJECT_ADDED, change,
          sequence -> project.withChange(change.at(), sequence));
      tenant.appsByProject.put(project.id(), new Tenant.ProjectApps());
      return stored;
    });
  }

  @Override
  public Future<Optional<Project>> project(String instanceId, String orgId, String projectId) {
    Tenant tenant = tenants.get(instanceId);
    Project project = tenant == null ? null : tenant.projects.get(projectId);
    return Future.succeededFuture(project != null && project.orgId().equals(orgId) ? Optional.of(project)
        : Optional.empty());
  }

  @Override
  public Future<Page<Project>> projects(String instanceId, String orgId, List<TextMatch> names, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant == null) {
      return Future.succeededFuture(new Page<>(List.of(), 0));
    }
    return Future.succeededFuture(Pages.page(tenant.projects, page,
        p -> p.orgId().equals(orgId) && TextMatch.all(names, p.name())));
  }

  @Override
  public Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change) {
    return tenants.write(instanceId, tenant -> {
      Project project = tenant.projectOf(orgId, projectId);
      long sequence = tenant.append(Aggregate.PROJECT, projectId, project.sequence(), PROJECT_REMOVED, change);
      tenant.projects.remove(projectId);
      Tenant.ProjectApps apps = tenant.appsByProject.remove(projectId);
      long freed = Weights.project(project);
      if (apps != null) {
        for (ApiApp app : apps.byId.values()) {
          freed += Weights.app(app) + index.forgetApp(app, apps.keysByApp.get(app.id()));
        }
      }
      tenant.release(freed);
      feed.changed(projectId);
      return project.withChange(change.at(), sequence);
    });
  }
}
