package dev.keygate.store.memory;

import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.Lookup;
import dev.keygate.store.MachineKey;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The embedded default store: everything in the heap, nothing survives a restart. Safe under any number of event
 * loops: reads are lock-free, writes to one instance are serialized on that instance's {@link Tenant} monitor, and the
 * few cross-tenant invariants (unique domains) are guarded by {@code this}.
 */
public final class MemoryStore implements KeygateStore {

  private final ConcurrentSkipListMap<String, Tenant> tenants = new ConcurrentSkipListMap<>(Ids.NUMERIC);
  private final Map<String, String> instanceIdsByDomain = new ConcurrentHashMap<>();
  private final Map<String, PersonalAccessToken> patsByHash = new ConcurrentHashMap<>();
  private final Map<String, byte[]> serverKeys = new ConcurrentHashMap<>();
  /**
   * Which instance each ecosystem and client id was ever issued in (ids are unique across instances). Sorted maps:
   * the ids grow, so new entries go at the end, whereas a hash table would write each into a random bucket of a
   * large, long-lived table, and every young GC would have to scan those old-to-young references.
   */
  private final Map<String, String> ecosystemOwners = new ConcurrentSkipListMap<>();
  private final Map<String, String> clientOwners = new ConcurrentSkipListMap<>();
  private final Map<String, ClientToken> clientTokensByHash = new ConcurrentHashMap<>();
  /** Global indexes of what OAuth clients present: values are {instance id, user id} and {instance, project, app}. */
  private final Map<String, String[]> machineSecretOwners = new ConcurrentHashMap<>();
  private final Map<String, MachineKey> machineKeysById = new ConcurrentHashMap<>();
  /** Sorted for the reason given above: client ids grow, so new apps append at the end instead of a random bucket. */
  private final Map<String, String[]> appsByClientId = new ConcurrentSkipListMap<>();
  private final Map<String, AppKey> appKeysById = new ConcurrentHashMap<>();
  private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  /** Which instance each commerce application id belongs to. */
  private final Map<String, String> commerceOwners = new ConcurrentHashMap<>();

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return Future.succeededFuture(serverKeys.computeIfAbsent(name, k -> candidate.clone()).clone());
  }

  // ---- instances

  @Override
  public Future<Instance> createInstance(NewInstance setup) {
    return attempt(() -> {
      Instance instance = setup.instance();
      synchronized (this) {
        for (Instance.Domain domain : instance.domains()) {
          if (instanceIdsByDomain.containsKey(domain.name())) {
            throw StoreException.alreadyExists(Entity.INSTANCE_DOMAIN);
          }
        }
        if (tenants.containsKey(instance.id())) {
          throw StoreException.alreadyExists(Entity.INSTANCE);
        }
        Tenant tenant = new Tenant(instance);
        synchronized (tenant) {
          Change change = setup.change();
          long sequence = tenant.append("instance", instance.id(), 0, "instance.added", change);
          Organization org = setup.firstOrg();
          long orgSequence = tenant.append("org", org.id(), 0, "org.added", change);
          tenant.orgs.put(org.id(), new Organization(instance.id(), org.id(), org.name(), org.createdAt(), orgSequence));
          User owner = setup.owner();
          if (owner != null) {
            long userSequence = tenant.append("user", owner.id(), 0,
                owner.isMachine() ? "user.machine.added" : "user.human.added", change);
            sequence = tenant.append("instance", instance.id(), sequence, "instance.member.added", change);
            if (setup.ownerPat() != null) {
              userSequence = tenant.append("user", owner.id(), userSequence, "user.pat.added", change);
              patsByHash.put(setup.ownerPat().tokenHash(), setup.ownerPat());
            }
            if (setup.ownerKey() != null) {
              userSequence = tenant.append("user", owner.id(), userSequence, "user.machine.key.added", change);
              tenant.keysByUser.computeIfAbsent(owner.id(), k -> new CopyOnWriteArrayList<>()).add(setup.ownerKey());
              machineKeysById.put(setup.ownerKey().id(), setup.ownerKey());
            }
            if (owner.secretHash() != null) {
              machineSecretOwners.put(owner.secretHash(), new String[] {instance.id(), owner.id()});
            }
            tenant.users.put(owner.id(), owner.withChange(owner.changedAt(), userSequence));
            tenant.userIdsByName.put(owner.userName(), owner.id());
          }
          tenant.instance = instance.withChange(instance.changedAt(), sequence);
        }
        for (Instance.Domain domain : instance.domains()) {
          instanceIdsByDomain.put(domain.name(), instance.id());
        }
        tenants.put(instance.id(), tenant);
        changed(INSTANCES_CHANGED);
        return tenant.instance;
      }
    });
  }

  @Override
  public Future<Optional<Instance>> instance(String instanceId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? Optional.empty() : Optional.of(tenant.instance));
  }

  @Override
  public Future<Optional<Instance>> instanceByDomain(String domain) {
    String id = instanceIdsByDomain.get(domain);
    return id == null ? Future.succeededFuture(Optional.empty()) : instance(id);
  }

  @Override
  public Future<Page<Instance>> instances(PageRequest page) {
    ConcurrentSkipListMap<String, Instance> byId = new ConcurrentSkipListMap<>(Ids.NUMERIC);
    tenants.forEach((id, tenant) -> byId.put(id, tenant.instance));
    return Future.succeededFuture(Pages.page(byId, page, Pages.all()));
  }

  @Override
  public Future<Instance> removeInstance(String instanceId, Change change) {
    return attempt(() -> {
      synchronized (this) {
        Tenant tenant = tenants.remove(instanceId);
        if (tenant == null) {
          throw StoreException.notFound(Entity.INSTANCE);
        }
        synchronized (tenant) {
          long sequence = tenant.append("instance", instanceId, tenant.instance.sequence(), "instance.removed", change);
          tenant.instance.domains().forEach(d -> instanceIdsByDomain.remove(d.name(), instanceId));
          patsByHash.values().removeIf(p -> p.instanceId().equals(instanceId));
          clientTokensByHash.values().removeIf(t -> t.instanceId().equals(instanceId));
          machineSecretOwners.values().removeIf(owner -> owner[0].equals(instanceId));
          machineKeysById.values().removeIf(k -> k.instanceId().equals(instanceId));
          appsByClientId.values().removeIf(owner -> owner[0].equals(instanceId));
          appKeysById.values().removeIf(k -> k.instanceId().equals(instanceId));
          commerceOwners.values().removeIf(owner -> owner.equals(instanceId));
          changed(instanceId);
          changed(INSTANCES_CHANGED);
          return tenant.instance.withChange(change.at(), sequence);
        }
      }
    });
  }

  // ---- organizations

  @Override
  public Future<Optional<Organization>> organization(String instanceId, String orgId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? Optional.empty() : Optional.ofNullable(tenant.orgs.get(orgId)));
  }

  // ---- users

  @Override
  public Future<User> createUser(User user, Change change) {
    return inTenant(user.instanceId(), tenant -> {
      if (!tenant.orgs.containsKey(user.orgId())) {
        throw StoreException.notFound(Entity.ORGANIZATION);
      }
      if (tenant.userIdsByName.containsKey(user.userName())) {
        throw StoreException.alreadyExists(Entity.USER_NAME);
      }
      long sequence = tenant.append("user", user.id(), 0, user.isMachine() ? "user.machine.added" : "user.human.added",
          change);
      User stored = user.withChange(change.at(), sequence);
      tenant.users.put(user.id(), stored);
      tenant.userIdsByName.put(user.userName(), user.id());
      if (user.secretHash() != null) {
        machineSecretOwners.put(user.secretHash(), new String[] {user.instanceId(), user.id()});
      }
      return stored;
    });
  }

  @Override
  public Future<Optional<User>> user(String instanceId, String userId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? Optional.empty() : Optional.ofNullable(tenant.users.get(userId)));
  }

  @Override
  public Future<Optional<User>> userByName(String instanceId, String userName) {
    Tenant tenant = tenants.get(instanceId);
    String userId = tenant == null ? null : tenant.userIdsByName.get(userName);
    return Future.succeededFuture(userId == null ? Optional.empty() : Optional.ofNullable(tenant.users.get(userId)));
  }

  @Override
  public Future<User> removeUser(String instanceId, String orgId, String userId, Change change) {
    return inTenant(instanceId, tenant -> {
      User user = userOf(tenant, orgId, userId);
      long sequence = tenant.append("user", userId, user.sequence(), "user.removed", change);
      tenant.users.remove(userId);
      tenant.userIdsByName.remove(user.userName(), userId);
      List<MachineKey> keys = tenant.keysByUser.remove(userId);
      if (keys != null) {
        keys.forEach(k -> machineKeysById.remove(k.id()));
      }
      if (user.secretHash() != null) {
        machineSecretOwners.remove(user.secretHash());
      }
      patsByHash.values().removeIf(p -> p.instanceId().equals(instanceId) && p.userId().equals(userId));
      changed(userId);
      return user.withChange(change.at(), sequence);
    });
  }

  @Override
  public Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash, Change change) {
    return inTenant(instanceId, tenant -> {
      User user = machineOf(tenant, orgId, userId);
      if (secretHash == null && !user.hasSecret()) {
        throw StoreException.notFound(Entity.SECRET);
      }
      long sequence = tenant.append("user", userId, user.sequence(),
          secretHash == null ? "user.machine.secret.removed" : "user.machine.secret.set", change);
      User updated = user.withSecretHash(secretHash, change.at(), sequence);
      tenant.users.put(userId, updated);
      if (user.secretHash() != null) {
        machineSecretOwners.remove(user.secretHash());
      }
      if (secretHash != null) {
        machineSecretOwners.put(secretHash, new String[] {instanceId, userId});
      }
      changed(userId);
      return updated;
    });
  }

  @Override
  public Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change) {
    return inTenant(pat.instanceId(), tenant -> {
      User user = tenant.users.get(pat.userId());
      if (user == null) {
        throw StoreException.notFound(Entity.USER);
      }
      if (!user.isMachine()) {
        throw StoreException.precondition(Entity.USER, "personal access tokens are for machine users");
      }
      long sequence = tenant.append("user", user.id(), user.sequence(), "user.pat.added", change);
      User updated = user.withChange(change.at(), sequence);
      tenant.users.put(user.id(), updated);
      patsByHash.put(pat.tokenHash(), pat);
      return updated;
    });
  }

  @Override
  public Future<Long> setOrgMember(String instanceId, String orgId, String userId, Set<User.Role> roles,
                                   Change change) {
    return inTenant(instanceId, tenant -> {
      User user = userOf(tenant, orgId, userId);
      long sequence = tenant.append("org", orgId, tenant.orgs.get(orgId).sequence(), "org.member.added", change);
      tenant.orgs.computeIfPresent(orgId, (id, org) ->
          new Organization(org.instanceId(), org.id(), org.name(), org.createdAt(), sequence));
      tenant.users.put(userId, user.withRoles(roles, user.changedAt(), user.sequence()));
      changed(userId);
      return sequence;
    });
  }

  @Override
  public Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash) {
    return Future.succeededFuture(Optional.ofNullable(patsByHash.get(tokenHash)));
  }

  // ---- projects

  @Override
  public Future<Project> createProject(Project project, Change change) {
    return inTenant(project.instanceId(), tenant -> {
      if (!tenant.orgs.containsKey(project.orgId())) {
        throw StoreException.notFound(Entity.ORGANIZATION);
      }
      long sequence = tenant.append("project", project.id(), 0, "project.added", change);
      Project stored = project.withChange(change.at(), sequence);
      tenant.projects.put(project.id(), stored);
      tenant.appsByProject.put(project.id(), new Tenant.ProjectApps());
      return stored;
    });
  }

  @Override
  public Future<Optional<Project>> project(String instanceId, String orgId, String projectId) {
    Tenant tenant = tenants.get(instanceId);
    Project project = tenant == null ? null : tenant.projects.get(projectId);
    return Future.succeededFuture(project != null && project.orgId().equals(orgId) ? Optional.of(project) : Optional.empty());
  }

  @Override
  public Future<Page<Project>> projects(String instanceId, String orgId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant == null) {
      return Future.succeededFuture(new Page<>(List.of(), 0));
    }
    return Future.succeededFuture(Pages.page(tenant.projects, page, p -> p.orgId().equals(orgId)));
  }

  @Override
  public Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change) {
    return inTenant(instanceId, tenant -> {
      Project project = projectOf(tenant, orgId, projectId);
      long sequence = tenant.append("project", projectId, project.sequence(), "project.removed", change);
      tenant.projects.remove(projectId);
      Tenant.ProjectApps apps = tenant.appsByProject.remove(projectId);
      if (apps != null) {
        apps.byId.values().forEach(app -> forgetAppCredentials(app));
      }
      changed(projectId);
      return project.withChange(change.at(), sequence);
    });
  }

  // ---- API apps

  @Override
  public Future<ApiApp> createApiApp(ApiApp app, Change change) {
    return inTenant(app.instanceId(), tenant -> {
      Project project = projectOf(tenant, app.orgId(), app.projectId());
      Tenant.ProjectApps apps = tenant.appsByProject.get(project.id());
      if (apps.idsByName.containsKey(app.name())) {
        throw StoreException.alreadyExists(Entity.API_APP_NAME);
      }
      long sequence = tenant.append("project", project.id(), project.sequence(), "project.application.added", change);
      // share the tenant's id strings instead of keeping the request's copies: one app is a few hundred bytes
      ApiApp stored = new ApiApp(tenant.instance.id(), project.orgId(), project.id(), app.id(), app.name(),
          app.clientId(), app.authMethod(), app.secretHash(), change.at(), change.at(), sequence);
      apps.byId.put(app.id(), stored);
      apps.idsByName.put(app.name(), app.id());
      appsByClientId.put(app.clientId(), new String[] {stored.instanceId(), stored.projectId(), stored.id()});
      touchProject(tenant, project.id(), change, sequence);
      return stored;
    });
  }

  @Override
  public Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId) {
    Tenant tenant = tenants.get(instanceId);
    Tenant.ProjectApps apps = tenant == null ? null : tenant.appsByProject.get(projectId);
    ApiApp app = apps == null ? null : apps.byId.get(appId);
    return Future.succeededFuture(app != null && app.orgId().equals(orgId) ? Optional.of(app) : Optional.empty());
  }

  @Override
  public Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    Project project = tenant == null ? null : tenant.projects.get(projectId);
    if (project == null || !project.orgId().equals(orgId)) {
      return Future.failedFuture(StoreException.notFound(Entity.PROJECT));
    }
    return Future.succeededFuture(Pages.page(tenant.appsByProject.get(projectId).byId, page, Pages.all()));
  }

  @Override
  public Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change) {
    return inTenant(instanceId, tenant -> {
      ApiApp app = appOf(tenant, orgId, projectId, appId);
      long sequence = tenant.append("project", projectId, tenant.projects.get(projectId).sequence(),
          "project.application.removed", change);
      Tenant.ProjectApps apps = tenant.appsByProject.get(projectId);
      apps.byId.remove(appId);
      apps.idsByName.remove(app.name(), appId);
      forgetAppCredentials(app);
      changed(appId);
      touchProject(tenant, projectId, change, sequence);
      return app.withChange(change.at(), sequence);
    });
  }

  @Override
  public Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId,
                                        String secretHash, Change change) {
    return inTenant(instanceId, tenant -> {
      ApiApp app = appOf(tenant, orgId, projectId, appId);
      long sequence = tenant.append("project", projectId, tenant.projects.get(projectId).sequence(),
          "project.application.config.api.secret.changed", change);
      ApiApp updated = app.withSecretHash(secretHash, change.at(), sequence);
      tenant.appsByProject.get(projectId).byId.put(appId, updated);
      changed(appId);
      touchProject(tenant, projectId, change, sequence);
      return updated;
    });
  }

  // ---- ecosystems and clients

  @Override
  public Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change) {
    return inTenant(ecosystem.instanceId(), tenant -> {
      if (ecosystemOwners.putIfAbsent(ecosystem.id(), ecosystem.instanceId()) != null) {
        throw StoreException.alreadyExists(Entity.ECOSYSTEM);
      }
      long sequence = tenant.append("ecosystem", ecosystem.id(), 0, "ecosystem.added", change);
      Ecosystem stored = new Ecosystem(tenant.instance.id(), ecosystem.id(), ecosystem.metaJson(), ecosystem.domain(),
          change.at(), change.at(), null, sequence);
      tenant.ecosystems.put(stored.id(), stored);
      return stored;
    });
  }

  @Override
  public Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId) {
    return Future.succeededFuture(lookup(instanceId, ecosystemOwners.get(ecosystemId),
        tenant -> tenant.ecosystems.get(ecosystemId), Ecosystem::isRemoved));
  }

  @Override
  public Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? new Page<>(List.of(), 0)
        : Pages.page(tenant.ecosystems, page, e -> !e.isRemoved()));
  }

  @Override
  public Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                           Change change) {
    return inTenant(instanceId, tenant -> {
      Ecosystem ecosystem = liveEcosystem(tenant, ecosystemId);
      long sequence = tenant.append("ecosystem", ecosystemId, ecosystem.sequence(), "ecosystem.changed", change);
      Ecosystem updated = ecosystem.withChange(metaJson, domain, change.at(), sequence);
      tenant.ecosystems.put(ecosystemId, updated);
      return updated;
    });
  }

  @Override
  public Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change) {
    return inTenant(instanceId, tenant -> {
      Ecosystem ecosystem = liveEcosystem(tenant, ecosystemId);
      long sequence = tenant.append("ecosystem", ecosystemId, ecosystem.sequence(), "ecosystem.removed", change);
      Ecosystem tombstone = ecosystem.removed(change.at(), sequence);
      tenant.ecosystems.put(ecosystemId, tombstone);
      for (EcosystemClient client : tenant.clients.values()) {
        if (client.ecosystemId().equals(ecosystemId) && !client.isRemoved()) {
          removeClientLocked(tenant, client, change);
        }
      }
      return tombstone;
    });
  }

  @Override
  public Future<EcosystemClient> createClient(EcosystemClient client, Change change) {
    return inTenant(client.instanceId(), tenant -> {
      Ecosystem ecosystem = liveEcosystem(tenant, client.ecosystemId());
      if (clientOwners.putIfAbsent(client.id(), client.instanceId()) != null) {
        throw StoreException.alreadyExists(Entity.CLIENT);
      }
      long sequence = tenant.append("client", client.id(), 0, "client.added", change);
      EcosystemClient stored = new EcosystemClient(tenant.instance.id(), ecosystem.id(), client.id(), client.type(),
          client.name(), client.description(), change.at(), change.at(), null, sequence);
      tenant.clients.put(stored.id(), stored);
      return stored;
    });
  }

  @Override
  public Future<Lookup<EcosystemClient>> client(String instanceId, String clientId) {
    return Future.succeededFuture(lookup(instanceId, clientOwners.get(clientId), tenant -> tenant.clients.get(clientId),
        EcosystemClient::isRemoved));
  }

  @Override
  public Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    Ecosystem ecosystem = tenant == null ? null : tenant.ecosystems.get(ecosystemId);
    if (ecosystem == null || ecosystem.isRemoved()) {
      return Future.failedFuture(StoreException.notFound(Entity.ECOSYSTEM));
    }
    return Future.succeededFuture(Pages.page(tenant.clients, page,
        c -> c.ecosystemId().equals(ecosystemId) && !c.isRemoved()));
  }

  @Override
  public Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                              Change change) {
    return inTenant(instanceId, tenant -> {
      EcosystemClient client = liveClient(tenant, clientId);
      long sequence = tenant.append("client", clientId, client.sequence(), "client.changed", change);
      EcosystemClient updated = client.withChange(name, description, change.at(), sequence);
      tenant.clients.put(clientId, updated);
      return updated;
    });
  }

  @Override
  public Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change) {
    return inTenant(instanceId, tenant -> removeClientLocked(tenant, liveClient(tenant, clientId), change));
  }

  private EcosystemClient removeClientLocked(Tenant tenant, EcosystemClient client, Change change) {
    long sequence = tenant.append("client", client.id(), client.sequence(), "client.removed", change);
    EcosystemClient tombstone = client.removed(change.at(), sequence);
    tenant.clients.put(client.id(), tombstone);
    List<ClientToken> tokens = tenant.tokensByClient.remove(client.id());
    if (tokens != null) {
      tokens.forEach(token -> clientTokensByHash.remove(token.tokenHash()));
    }
    return tombstone;
  }

  @Override
  public Future<ClientToken> addClientToken(ClientToken token, Change change) {
    return inTenant(token.instanceId(), tenant -> {
      EcosystemClient client = liveClient(tenant, token.clientId());
      long sequence = tenant.append("client", client.id(), client.sequence(), "client.token.added", change);
      tenant.clients.put(client.id(), client.withChange(client.name(), client.description(), change.at(), sequence));
      tenant.tokensByClient.computeIfAbsent(token.clientId(), k -> new CopyOnWriteArrayList<>()).add(token);
      clientTokensByHash.put(token.tokenHash(), token);
      return token;
    });
  }

  @Override
  public Future<List<ClientToken>> clientTokens(String instanceId, String clientId) {
    Tenant tenant = tenants.get(instanceId);
    List<ClientToken> tokens = tenant == null ? null : tenant.tokensByClient.get(clientId);
    return Future.succeededFuture(tokens == null ? List.of() : List.copyOf(tokens));
  }

  @Override
  public Future<Optional<ClientToken>> clientTokenByHash(String tokenHash) {
    return Future.succeededFuture(Optional.ofNullable(clientTokensByHash.get(tokenHash)));
  }

  private <T> Lookup<T> lookup(String instanceId, String owner, java.util.function.Function<Tenant, T> find,
                               java.util.function.Predicate<T> removed) {
    if (owner == null) {
      return Lookup.of(Lookup.State.NEVER_EXISTED);
    }
    if (!owner.equals(instanceId)) {
      return Lookup.of(Lookup.State.OTHER_TENANT);
    }
    Tenant tenant = tenants.get(instanceId);
    T value = tenant == null ? null : find.apply(tenant);
    if (value == null) {
      return Lookup.of(Lookup.State.NEVER_EXISTED);
    }
    return removed.test(value) ? Lookup.of(Lookup.State.REMOVED) : Lookup.found(value);
  }

  private static Ecosystem liveEcosystem(Tenant tenant, String ecosystemId) {
    Ecosystem ecosystem = tenant.ecosystems.get(ecosystemId);
    if (ecosystem == null || ecosystem.isRemoved()) {
      throw StoreException.notFound(Entity.ECOSYSTEM);
    }
    return ecosystem;
  }

  private static EcosystemClient liveClient(Tenant tenant, String clientId) {
    EcosystemClient client = tenant.clients.get(clientId);
    if (client == null || client.isRemoved()) {
      throw StoreException.notFound(Entity.CLIENT);
    }
    return client;
  }

  // ---- credentials as clients present them

  private void forgetAppCredentials(ApiApp app) {
    appsByClientId.remove(app.clientId());
    appKeysById.values().removeIf(k -> k.appId().equals(app.id()) && k.instanceId().equals(app.instanceId()));
  }

  private void changed(String id) {
    for (Consumer<String> listener : listeners) {
      listener.accept(id);
    }
  }

  @Override
  public void onCredentialChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Optional<User>> machineUserBySecretHash(String secretHash) {
    String[] owner = machineSecretOwners.get(secretHash);
    if (owner == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return user(owner[0], owner[1]).map(user -> user.filter(u -> secretHash.equals(u.secretHash())));
  }

  @Override
  public Future<User> addMachineKey(MachineKey key, Change change) {
    return inTenant(key.instanceId(), tenant -> {
      User user = tenant.users.get(key.userId());
      if (user == null) {
        throw StoreException.notFound(Entity.USER);
      }
      if (!user.isMachine()) {
        throw StoreException.precondition(Entity.USER, "keys are for machine users");
      }
      long sequence = tenant.append("user", user.id(), user.sequence(), "user.machine.key.added", change);
      User updated = user.withChange(change.at(), sequence);
      tenant.users.put(user.id(), updated);
      tenant.keysByUser.computeIfAbsent(user.id(), k -> new CopyOnWriteArrayList<>()).add(key);
      machineKeysById.put(key.id(), key);
      changed(user.id());
      return updated;
    });
  }

  @Override
  public Future<Optional<MachineKey>> machineKey(String keyId) {
    return Future.succeededFuture(Optional.ofNullable(machineKeysById.get(keyId)));
  }

  @Override
  public Future<Optional<ApiApp>> apiAppByClientId(String clientId) {
    String[] owner = appsByClientId.get(clientId);
    Tenant tenant = owner == null ? null : tenants.get(owner[0]);
    Tenant.ProjectApps apps = tenant == null ? null : tenant.appsByProject.get(owner[1]);
    return Future.succeededFuture(Optional.ofNullable(apps == null ? null : apps.byId.get(owner[2])));
  }

  @Override
  public Future<ApiApp> addApiAppKey(AppKey key, Change change) {
    return inTenant(key.instanceId(), tenant -> {
      ApiApp app = appOf(tenant, key.orgId(), key.projectId(), key.appId());
      long sequence = tenant.append("project", key.projectId(), tenant.projects.get(key.projectId()).sequence(),
          "project.application.key.added", change);
      ApiApp updated = app.withChange(change.at(), sequence);
      tenant.appsByProject.get(key.projectId()).byId.put(app.id(), updated);
      touchProject(tenant, key.projectId(), change, sequence);
      appKeysById.put(key.id(), key);
      changed(app.id());
      return updated;
    });
  }

  @Override
  public Future<Optional<AppKey>> apiAppKey(String keyId) {
    return Future.succeededFuture(Optional.ofNullable(appKeysById.get(keyId)));
  }

  @Override
  public Future<Void> revokeToken(RevokedToken token) {
    revokedTokens.put(token.tokenId(), token.expiresAt());
    changed(token.tokenId());
    if (revokedTokens.size() % 1024 == 0) { // now and then, forget revocations of tokens that have expired anyway
      Instant now = Instant.now();
      revokedTokens.values().removeIf(expiry -> expiry.isBefore(now));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> isTokenRevoked(String tokenId) {
    return Future.succeededFuture(revokedTokens.containsKey(tokenId));
  }

  // ---- Oracle Commerce application IDs

  @Override
  public Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change) {
    return inTenant(application.instanceId(), tenant -> {
      if (!tenant.orgs.containsKey(application.orgId())) {
        throw StoreException.notFound(Entity.ORGANIZATION);
      }
      if (commerceOwners.putIfAbsent(application.id(), application.instanceId()) != null) {
        throw StoreException.alreadyExists(Entity.COMMERCE_APP);
      }
      long sequence = tenant.append("commerce.application", application.id(), 0, "commerce.application.added", change);
      CommerceApplication stored = application.withChange(change.at(), sequence);
      tenant.commerceApplications.put(stored.id(), stored);
      return stored;
    });
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id) {
    Tenant tenant = tenants.get(instanceId);
    CommerceApplication application = tenant == null ? null : tenant.commerceApplications.get(id);
    return Future.succeededFuture(Optional.ofNullable(application).filter(a -> a.orgId().equals(orgId)));
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplicationById(String id) {
    String owner = commerceOwners.get(id);
    Tenant tenant = owner == null ? null : tenants.get(owner);
    return Future.succeededFuture(Optional.ofNullable(tenant == null ? null : tenant.commerceApplications.get(id)));
  }

  @Override
  public Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                                PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? new Page<>(List.of(), 0) : Pages.page(tenant.commerceApplications,
        page, a -> a.orgId().equals(orgId) && (type == null || a.type().equals(type))));
  }

  @Override
  public Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id, String name,
                                                               Integer lifetimeDays, Change change) {
    return inTenant(instanceId, tenant -> {
      CommerceApplication application = commerceOf(tenant, orgId, id);
      long sequence = tenant.append("commerce.application", id, application.sequence(), "commerce.application.changed",
          change);
      CommerceApplication updated = application.withName(name, lifetimeDays, change.at(), sequence);
      tenant.commerceApplications.put(id, updated);
      return updated;
    });
  }

  @Override
  public Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id,
                                                               String keyId, Instant keyExpiresAt,
                                                               Integer lifetimeDays, Change change) {
    return inTenant(instanceId, tenant -> {
      CommerceApplication application = commerceOf(tenant, orgId, id);
      long sequence = tenant.append("commerce.application", id, application.sequence(),
          "commerce.application.key.changed", change);
      CommerceApplication updated = application.withKey(keyId, keyExpiresAt, lifetimeDays, change.at(), sequence);
      tenant.commerceApplications.put(id, updated);
      changed(id);
      return updated;
    });
  }

  @Override
  public Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id,
                                                               Change change) {
    return inTenant(instanceId, tenant -> {
      CommerceApplication application = commerceOf(tenant, orgId, id);
      long sequence = tenant.append("commerce.application", id, application.sequence(), "commerce.application.removed",
          change);
      tenant.commerceApplications.remove(id);
      changed(id);
      return application.withChange(change.at(), sequence);
    });
  }

  private static CommerceApplication commerceOf(Tenant tenant, String orgId, String id) {
    CommerceApplication application = tenant.commerceApplications.get(id);
    if (application == null || !application.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.COMMERCE_APP);
    }
    return application;
  }

  // ---- events

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? List.of() : tenant.eventsOf(aggregateId));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  // ---- helpers (call with the tenant's monitor held)

  /** Apps are children of the project aggregate: their changes advance the project's sequence too. */
  private static void touchProject(Tenant tenant, String projectId, Change change, long sequence) {
    tenant.projects.computeIfPresent(projectId, (id, project) -> project.withChange(change.at(), sequence));
  }

  private static User userOf(Tenant tenant, String orgId, String userId) {
    User user = tenant.users.get(userId);
    if (user == null || !user.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.USER);
    }
    return user;
  }

  private static User machineOf(Tenant tenant, String orgId, String userId) {
    User user = userOf(tenant, orgId, userId);
    if (!user.isMachine()) {
      throw StoreException.precondition(Entity.USER, "user is not a machine user");
    }
    return user;
  }

  private static Project projectOf(Tenant tenant, String orgId, String projectId) {
    Project project = tenant.projects.get(projectId);
    if (project == null || !project.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.PROJECT);
    }
    return project;
  }

  private static ApiApp appOf(Tenant tenant, String orgId, String projectId, String appId) {
    Tenant.ProjectApps apps = tenant.appsByProject.get(projectId);
    ApiApp app = apps == null ? null : apps.byId.get(appId);
    if (app == null || !app.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.API_APP);
    }
    return app;
  }

  private interface TenantWrite<T> {
    T apply(Tenant tenant);
  }

  private <T> Future<T> inTenant(String instanceId, TenantWrite<T> write) {
    return attempt(() -> {
      Tenant tenant = tenants.get(instanceId);
      if (tenant == null) {
        throw StoreException.notFound(Entity.INSTANCE);
      }
      synchronized (tenant) {
        if (tenants.get(instanceId) != tenant) {
          throw StoreException.notFound(Entity.INSTANCE); // removed while we waited for the monitor
        }
        return write.apply(tenant);
      }
    });
  }

  private static <T> Future<T> attempt(Supplier<T> action) {
    try {
      return Future.succeededFuture(action.get());
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
  }
}
