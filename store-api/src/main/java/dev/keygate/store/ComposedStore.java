package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link KeygateStore} put together from one object per area: each store module builds its area classes and hands
 * them here, so no store has to write the delegation of the composite itself.
 */
public final class ComposedStore implements KeygateStore {

  /** The areas of one store, and how to release what they share. */
  public record Areas(ServerKeyStore serverKeys, InstanceStore instances, UserStore users, ProjectStore projects,
                      ApiAppStore apiApps, EcosystemStore ecosystems, EcosystemClientStore clients,
                      CommerceApplicationStore commerceApplications, CredentialLookup credentials,
                      RevocationStore revocations, CredentialChangeFeed changeFeed, EventStore events,
                      CredentialUsageStore credentialUses, IdempotencyStore idempotency,
                      Supplier<Future<Void>> closer) {}

  private final Areas areas;
  private final StoreUsage usage;
  private final Supplier<Future<Void>> readiness;

  public ComposedStore(Areas areas) {
    this(areas, StoreUsage.UNBOUNDED);
  }

  /** A store that reports how full it is (the memory store's capacity). */
  public ComposedStore(Areas areas, StoreUsage usage) {
    this(areas, usage, Future::succeededFuture);
  }

  private ComposedStore(Areas areas, StoreUsage usage, Supplier<Future<Void>> readiness) {
    this.areas = areas;
    this.usage = usage;
    this.readiness = readiness;
  }

  /** The same store, whose {@link #ready()} is {@code check} (a store with a server to reach). */
  public ComposedStore withReadiness(Supplier<Future<Void>> check) {
    return new ComposedStore(areas, usage, check);
  }

  @Override
  public Future<Void> ready() {
    return readiness.get();
  }

  @Override
  public StoreUsage usage() {
    return usage;
  }

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return areas.serverKeys().serverKey(name, candidate);
  }

  @Override
  public Future<Instance> createInstance(NewInstance setup) {
    return areas.instances().createInstance(setup);
  }

  @Override
  public Future<Optional<Instance>> instance(String instanceId) {
    return areas.instances().instance(instanceId);
  }

  @Override
  public Future<Optional<Instance>> instanceByDomain(String domain) {
    return areas.instances().instanceByDomain(domain);
  }

  @Override
  public Future<Page<Instance>> instances(PageRequest page) {
    return areas.instances().instances(page);
  }

  @Override
  public Future<Instance> removeInstance(String instanceId, Change change) {
    return areas.instances().removeInstance(instanceId, change);
  }

  @Override
  public Future<Optional<Organization>> organization(String instanceId, String orgId) {
    return areas.instances().organization(instanceId, orgId);
  }

  @Override
  public Future<User> createUser(User user, Change change) {
    return areas.users().createUser(user, change);
  }

  @Override
  public Future<Optional<User>> user(String instanceId, String userId) {
    return areas.users().user(instanceId, userId);
  }

  @Override
  public Future<Optional<User>> userByName(String instanceId, String userName) {
    return areas.users().userByName(instanceId, userName);
  }

  @Override
  public Future<User> removeUser(String instanceId, String orgId, String userId, Change change) {
    return areas.users().removeUser(instanceId, orgId, userId, change);
  }

  @Override
  public Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash,
                                       Instant previousExpiresAt, Change change) {
    return areas.users().setMachineSecret(instanceId, orgId, userId, secretHash, previousExpiresAt, change);
  }

  @Override
  public Future<User> endMachineSecretOverlap(String instanceId, String orgId, String userId, Change change) {
    return areas.users().endMachineSecretOverlap(instanceId, orgId, userId, change);
  }

  @Override
  public Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change) {
    return areas.users().addPersonalAccessToken(pat, change);
  }

  @Override
  public Future<User> addMachineKey(MachineKey key, Change change) {
    return areas.users().addMachineKey(key, change);
  }

  @Override
  public Future<Long> setOrgMember(String instanceId, String orgId, String userId, Set<User.Role> roles,
                                   Change change) {
    return areas.users().setOrgMember(instanceId, orgId, userId, roles, change);
  }

  @Override
  public Future<Project> createProject(Project project, Change change) {
    return areas.projects().createProject(project, change);
  }

  @Override
  public Future<Optional<Project>> project(String instanceId, String orgId, String projectId) {
    return areas.projects().project(instanceId, orgId, projectId);
  }

  @Override
  public Future<Page<Project>> projects(String instanceId, String orgId, PageRequest page) {
    return areas.projects().projects(instanceId, orgId, page);
  }

  @Override
  public Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change) {
    return areas.projects().removeProject(instanceId, orgId, projectId, change);
  }

  @Override
  public Future<ApiApp> createApiApp(ApiApp app, Change change) {
    return areas.apiApps().createApiApp(app, change);
  }

  @Override
  public Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId) {
    return areas.apiApps().apiApp(instanceId, orgId, projectId, appId);
  }

  @Override
  public Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, PageRequest page) {
    return areas.apiApps().apiApps(instanceId, orgId, projectId, page);
  }

  @Override
  public Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change) {
    return areas.apiApps().removeApiApp(instanceId, orgId, projectId, appId, change);
  }

  @Override
  public Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId,
                                        String secretHash, Instant previousExpiresAt, Change change) {
    return areas.apiApps().setApiAppSecret(instanceId, orgId, projectId, appId, secretHash, previousExpiresAt, change);
  }

  @Override
  public Future<ApiApp> endApiAppSecretOverlap(String instanceId, String orgId, String projectId, String appId,
                                               Change change) {
    return areas.apiApps().endApiAppSecretOverlap(instanceId, orgId, projectId, appId, change);
  }

  @Override
  public Future<ApiApp> addApiAppKey(AppKey key, Change change) {
    return areas.apiApps().addApiAppKey(key, change);
  }

  @Override
  public Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change) {
    return areas.ecosystems().createEcosystem(ecosystem, change);
  }

  @Override
  public Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId) {
    return areas.ecosystems().ecosystem(instanceId, ecosystemId);
  }

  @Override
  public Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page) {
    return areas.ecosystems().ecosystems(instanceId, page);
  }

  @Override
  public Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                           Change change) {
    return areas.ecosystems().updateEcosystem(instanceId, ecosystemId, metaJson, domain, change);
  }

  @Override
  public Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change) {
    return areas.ecosystems().removeEcosystem(instanceId, ecosystemId, change);
  }

  @Override
  public Future<EcosystemClient> createClient(EcosystemClient client, Change change) {
    return areas.clients().createClient(client, change);
  }

  @Override
  public Future<Lookup<EcosystemClient>> client(String instanceId, String clientId) {
    return areas.clients().client(instanceId, clientId);
  }

  @Override
  public Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page) {
    return areas.clients().clients(instanceId, ecosystemId, page);
  }

  @Override
  public Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                              Change change) {
    return areas.clients().updateClient(instanceId, clientId, name, description, change);
  }

  @Override
  public Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change) {
    return areas.clients().removeClient(instanceId, clientId, change);
  }

  @Override
  public Future<ClientToken> addClientToken(ClientToken token, Change change) {
    return areas.clients().addClientToken(token, change);
  }

  @Override
  public Future<List<ClientToken>> clientTokens(String instanceId, String clientId) {
    return areas.clients().clientTokens(instanceId, clientId);
  }

  @Override
  public Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change) {
    return areas.commerceApplications().createCommerceApplication(application, change);
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id) {
    return areas.commerceApplications().commerceApplication(instanceId, orgId, id);
  }

  @Override
  public Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                                PageRequest page) {
    return areas.commerceApplications().commerceApplications(instanceId, orgId, type, page);
  }

  @Override
  public Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id,
                                                               String name, Integer lifetimeDays, Change change) {
    return areas.commerceApplications().updateCommerceApplication(instanceId, orgId, id, name, lifetimeDays, change);
  }

  @Override
  public Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id,
                                                               String keyId, Instant keyExpiresAt,
                                                               Integer lifetimeDays, Instant previousKeyExpiresAt,
                                                               Change change) {
    return areas.commerceApplications().setCommerceApplicationKey(instanceId, orgId, id, keyId, keyExpiresAt,
        lifetimeDays, previousKeyExpiresAt, change);
  }

  @Override
  public Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id,
                                                               Change change) {
    return areas.commerceApplications().removeCommerceApplication(instanceId, orgId, id, change);
  }

  @Override
  public Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash) {
    return areas.credentials().personalAccessTokenByHash(tokenHash);
  }

  @Override
  public Future<Optional<User>> machineUserBySecretHash(String secretHash) {
    return areas.credentials().machineUserBySecretHash(secretHash);
  }

  @Override
  public Future<Optional<MachineKey>> machineKey(String keyId) {
    return areas.credentials().machineKey(keyId);
  }

  @Override
  public Future<Optional<ApiApp>> apiAppByClientId(String clientId) {
    return areas.credentials().apiAppByClientId(clientId);
  }

  @Override
  public Future<Optional<AppKey>> apiAppKey(String keyId) {
    return areas.credentials().apiAppKey(keyId);
  }

  @Override
  public Future<Optional<ClientToken>> clientTokenByHash(String tokenHash) {
    return areas.credentials().clientTokenByHash(tokenHash);
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplicationById(String id) {
    return areas.credentials().commerceApplicationById(id);
  }

  @Override
  public Future<Void> revokeToken(RevokedToken token) {
    return areas.revocations().revokeToken(token);
  }

  @Override
  public Future<Boolean> isTokenRevoked(String tokenId) {
    return areas.revocations().isTokenRevoked(tokenId);
  }

  @Override
  public void onCredentialChange(Consumer<String> listener) {
    areas.changeFeed().onCredentialChange(listener);
  }

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    return areas.events().events(instanceId, aggregateId);
  }

  @Override
  public Future<Void> recordLastUse(List<CredentialUse> uses) {
    return areas.credentialUses().recordLastUse(uses);
  }

  @Override
  public Future<Map<String, Instant>> lastUses(String instanceId, Collection<String> credentialIds) {
    return areas.credentialUses().lastUses(instanceId, credentialIds);
  }

  @Override
  public Future<Optional<IdempotencyRecord>> claimIdempotencyKey(IdempotencyRecord pending, Instant now) {
    return areas.idempotency().claimIdempotencyKey(pending, now);
  }

  @Override
  public Future<Boolean> completeIdempotencyKey(String id, String leaseId, byte[] sealedAnswer) {
    return areas.idempotency().completeIdempotencyKey(id, leaseId, sealedAnswer);
  }

  @Override
  public Future<Void> releaseIdempotencyKey(String id, String leaseId) {
    return areas.idempotency().releaseIdempotencyKey(id, leaseId);
  }

  @Override
  public Future<Optional<IdempotencyRecord>> idempotencyRecord(String id) {
    return areas.idempotency().idempotencyRecord(id);
  }

  @Override
  public Future<Long> removeExpiredIdempotencyKeys(Instant now) {
    return areas.idempotency().removeExpiredIdempotencyKeys(now);
  }

  @Override
  public Future<Void> close() {
    return areas.closer().get();
  }
}
