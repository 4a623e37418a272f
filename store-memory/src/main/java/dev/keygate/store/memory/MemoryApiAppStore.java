package dev.keygate.store.memory;

import static dev.keygate.store.EventTypes.APP_ADDED;
import static dev.keygate.store.EventTypes.APP_KEY_ADDED;
import static dev.keygate.store.EventTypes.APP_KEY_REMOVED;
import static dev.keygate.store.EventTypes.APP_PREVIOUS_SECRET_REMOVED;
import static dev.keygate.store.EventTypes.APP_REMOVED;
import static dev.keygate.store.EventTypes.APP_SECRET_CHANGED;
import static dev.keygate.store.EventTypes.APP_SECRET_ROTATED;
import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.ApiApp;
import dev.keygate.store.ApiAppStore;
import dev.keygate.store.AppKey;
import dev.keygate.store.Change;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * API apps, children of the project aggregate: each change is an event on the project and advances its sequence.
 * Their client ids and keys go into the global index.
 */
record MemoryApiAppStore(Tenants tenants, GlobalIndex index, MemoryChangeFeed feed) implements ApiAppStore {

  @Override
  public Future<ApiApp> createApiApp(ApiApp app, Change change) {
    return tenants.write(app.instanceId(), tenant -> {
      Project project = tenant.projectOf(app.orgId(), app.projectId());
      Tenant.ProjectApps apps = tenant.appsByProject.get(project.id());
      if (apps.idsByName.containsKey(app.name())) {
        throw StoreException.alreadyExists(Entity.API_APP_NAME);
      }
      tenant.admit(Entity.API_APP, Weights.app(app));
      long sequence = tenant.append(Aggregate.PROJECT, project.id(), project.sequence(), APP_ADDED, change);
      // share the tenant's id strings instead of keeping the request's copies: one app is a few hundred bytes
      ApiApp stored = new ApiApp(tenant.instance.id(), project.orgId(), project.id(), app.id(), app.name(),
          app.clientId(), app.authMethod(), app.secretHash(), change.at(), change.at(), sequence);
      apps.byId.put(app.id(), stored);
      apps.idsByName.put(app.name(), app.id());
      index.addApp(stored);
      touchProject(tenant, project.id(), change, sequence);
      return stored;
    });
  }

  @Override
  public Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId) {
    ApiApp app = tenants.apiApp(instanceId, projectId, appId);
    return Future.succeededFuture(app != null && app.orgId().equals(orgId) ? Optional.of(app) : Optional.empty());
  }

  @Override
  public Future<Optional<ApiApp>> apiAppById(String instanceId, String orgId, String appId) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant != null) {
      for (Project project : tenant.projects.values()) {
        Tenant.ProjectApps apps = project.orgId().equals(orgId) ? tenant.appsByProject.get(project.id()) : null;
        ApiApp app = apps == null ? null : apps.byId.get(appId);
        if (app != null) {
          return Future.succeededFuture(Optional.of(app));
        }
      }
    }
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<Page<ApiApp>> apiAppsOfOrg(String instanceId, String orgId, List<TextMatch> names, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    List<NavigableMap<String, ApiApp>> perProject = new ArrayList<>();
    if (tenant != null) {
      for (Project project : tenant.projects.values()) {
        Tenant.ProjectApps apps = project.orgId().equals(orgId) ? tenant.appsByProject.get(project.id()) : null;
        if (apps != null) {
          perProject.add(apps.byId);
        }
      }
    }
    return Future.succeededFuture(Pages.merged(perProject, page, named(names)));
  }

  @Override
  public Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, List<TextMatch> names,
                                      PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    Project project = tenant == null ? null : tenant.projects.get(projectId);
    if (project == null || !project.orgId().equals(orgId)) {
      return Future.failedFuture(StoreException.notFound(Entity.PROJECT));
    }
    return Future.succeededFuture(Pages.page(tenant.appsByProject.get(projectId).byId, page, named(names)));
  }

  /** The apps whose name matches every one of {@code names}: all of them, at no cost, when there are none. */
  private static Predicate<ApiApp> named(List<TextMatch> names) {
    return names.isEmpty() ? Pages.all() : app -> TextMatch.all(names, app.name());
  }

  @Override
  public Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change) {
    return tenants.write(instanceId, tenant -> {
      ApiApp app = appOf(tenant, orgId, projectId, appId);
      long sequence = appendOnProject(tenant, projectId, APP_REMOVED, change);
      Tenant.ProjectApps apps = tenant.appsByProject.get(projectId);
      apps.byId.remove(appId);
      apps.idsByName.remove(app.name(), appId);
      tenant.release(Weights.app(app) + index.forgetApp(app, apps.keysByApp.remove(appId)));
      feed.changed(appId);
      touchProject(tenant, projectId, change, sequence);
      return app.withChange(change.at(), sequence);
    });
  }

  @Override
  public Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId,
                                        String secretHash, Instant previousExpiresAt, Change change) {
    return tenants.write(instanceId, tenant -> {
      ApiApp app = appOf(tenant, orgId, projectId, appId);
      boolean rotates = previousExpiresAt != null && app.secretHash() != null;
      boolean hadPrevious = app.previousSecret() != null;
      if (rotates && !hadPrevious) {
        tenant.admit(Entity.SECRET, Weights.SECRET); // the previous secret is kept besides the new one
      } else {
        tenant.admit(Entity.SECRET, 0); // the new hash replaces the old one; only the event adds
        if (!rotates && hadPrevious) {
          tenant.release(Weights.SECRET);
        }
      }
      long sequence = appendOnProject(tenant, projectId, rotates ? APP_SECRET_ROTATED : APP_SECRET_CHANGED, change);
      ApiApp updated = rotates ? app.withRotatedSecret(secretHash, previousExpiresAt, change.at(), sequence)
          : app.withSecretHash(secretHash, change.at(), sequence);
      return stored(tenant, updated, change);
    });
  }

  @Override
  public Future<ApiApp> endApiAppSecretOverlap(String instanceId, String orgId, String projectId, String appId,
                                               Change change) {
    return tenants.write(instanceId, tenant -> {
      ApiApp app = appOf(tenant, orgId, projectId, appId);
      if (app.previousSecret() == null || !app.previousSecret().validAt(change.at())) {
        throw StoreException.notFound(Entity.SECRET);
      }
      tenant.release(Weights.SECRET);
      long sequence = appendOnProject(tenant, projectId, APP_PREVIOUS_SECRET_REMOVED, change);
      return stored(tenant, app.withoutPreviousSecret(change.at(), sequence), change);
    });
  }

  /** Stores a changed app and tells the caches, its project advanced to the app's sequence. */
  private ApiApp stored(Tenant tenant, ApiApp updated, Change change) {
    tenant.appsByProject.get(updated.projectId()).byId.put(updated.id(), updated);
    feed.changed(updated.id());
    touchProject(tenant, updated.projectId(), change, updated.sequence());
    return updated;
  }

  @Override
  public Future<ApiApp> addApiAppKey(AppKey key, Change change) {
    return tenants.write(key.instanceId(), tenant -> {
      ApiApp app = appOf(tenant, key.orgId(), key.projectId(), key.appId());
      tenant.admit(Entity.MACHINE_KEY, Weights.key(key));
      long sequence = appendOnProject(tenant, key.projectId(), APP_KEY_ADDED, change);
      ApiApp updated = app.withChange(change.at(), sequence);
      Tenant.ProjectApps apps = tenant.appsByProject.get(key.projectId());
      apps.byId.put(app.id(), updated);
      touchProject(tenant, key.projectId(), change, sequence);
      apps.addKey(key);
      index.addAppKey(key);
      feed.changed(app.id());
      return updated;
    });
  }

  @Override
  public Future<Page<AppKey>> apiAppKeys(String instanceId, String orgId, String projectId, String appId,
                                         PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    Tenant.ProjectApps apps = tenant == null ? null : tenant.appsByProject.get(projectId);
    ApiApp app = apps == null ? null : apps.byId.get(appId);
    if (app == null || !app.orgId().equals(orgId)) {
      return Future.failedFuture(StoreException.notFound(Entity.API_APP));
    }
    return Future.succeededFuture(Pages.page(apps.keysByApp.getOrDefault(appId, List.of()), AppKey::id, page));
  }

  @Override
  public Future<AppKey> removeApiAppKey(String instanceId, String orgId, String projectId, String appId, String keyId,
                                        Change change) {
    return tenants.write(instanceId, tenant -> {
      ApiApp app = appOf(tenant, orgId, projectId, appId);
      Tenant.ProjectApps apps = tenant.appsByProject.get(projectId);
      List<AppKey> keys = apps.keysByApp.getOrDefault(appId, List.of());
      AppKey key = keys.stream().filter(k -> k.id().equals(keyId)).findFirst()
          .orElseThrow(() -> StoreException.notFound(Entity.MACHINE_KEY));
      long sequence = appendOnProject(tenant, projectId, APP_KEY_REMOVED, change);
      apps.byId.put(appId, app.withChange(change.at(), sequence));
      touchProject(tenant, projectId, change, sequence);
      keys.remove(key);
      index.removeAppKey(key);
      tenant.release(Weights.key(key));
      feed.changed(appId);
      return key;
    });
  }

  private static ApiApp appOf(Tenant tenant, String orgId, String projectId, String appId) {
    Tenant.ProjectApps apps = tenant.appsByProject.get(projectId);
    ApiApp app = apps == null ? null : apps.byId.get(appId);
    if (app == null || !app.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.API_APP);
    }
    return app;
  }

  /** Appends an app's event to its project's aggregate, continuing the project's sequence. */
  private static long appendOnProject(Tenant tenant, String projectId, String type, Change change) {
    return tenant.append(Aggregate.PROJECT, projectId, tenant.projects.get(projectId).sequence(), type, change);
  }

  /** Apps are children of the project aggregate: their changes advance the project's sequence too. */
  private static void touchProject(Tenant tenant, String projectId, Change change, long sequence) {
    tenant.projects.computeIfPresent(projectId, (id, project) -> project.withChange(change.at(), sequence));
  }
}
