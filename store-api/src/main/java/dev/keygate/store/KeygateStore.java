package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The storage SPI. Every method is asynchronous and never blocks the calling event loop. Writes are atomic: the
 * object, the sequence of its aggregate and its event are committed together or not at all. Failures are
 * {@link StoreException}s; lookups of objects that may legitimately be absent answer {@link Optional#empty()}.
 *
 * <p>Every lookup below the instance level is keyed by instance id, and by organization id where the object belongs
 * to one: an object of another tenant is indistinguishable from a missing one.
 */
public interface KeygateStore {

  // ---- server state shared by every gateway process on this store

  /**
   * Returns the server key stored under {@code name}, storing {@code candidate} first if there is none yet. Every
   * process sharing the store thus ends up with the same key (e.g. the pepper of the secret hash).
   */
  Future<byte[]> serverKey(String name, byte[] candidate);

  // ---- instances

  /** Creates the instance with all it starts with. Fails ALREADY_EXISTS/INSTANCE_DOMAIN when a domain is taken. */
  Future<Instance> createInstance(NewInstance setup);

  Future<Optional<Instance>> instance(String instanceId);

  /** The live instance one of whose domains is {@code domain} (lower case, without port). */
  Future<Optional<Instance>> instanceByDomain(String domain);

  Future<Page<Instance>> instances(PageRequest page);

  /** Removes the instance and with it everything it holds; its domains become free. Fails NOT_FOUND/INSTANCE. */
  Future<Instance> removeInstance(String instanceId, Change change);

  // ---- organizations

  Future<Optional<Organization>> organization(String instanceId, String orgId);

  // ---- users

  /** Fails ALREADY_EXISTS/USER_NAME when the user name is taken in the instance. */
  Future<User> createUser(User user, Change change);

  Future<Optional<User>> user(String instanceId, String userId);

  /** The user of that instance with this user name (user names are unique per instance). */
  Future<Optional<User>> userByName(String instanceId, String userName);

  /** Removes the user with its PATs, keys and secret. Fails NOT_FOUND/USER. */
  Future<User> removeUser(String instanceId, String orgId, String userId, Change change);

  /**
   * Sets (or with {@code null} removes) a machine user's secret hash; the previous secret stops working at once.
   * Fails NOT_FOUND/USER, or PRECONDITION_FAILED/USER when the user is not a machine.
   */
  Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash, Change change);

  /** Fails NOT_FOUND/USER, or PRECONDITION_FAILED/USER when the user is not a machine. Returns the user's new state. */
  Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change);

  Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash);

  /**
   * Makes the user a member of its organization with these roles (replacing earlier ones); an event on the
   * organization's aggregate records it. Returns the organization's new sequence. Fails NOT_FOUND/USER when the user
   * is not in that organization.
   */
  Future<Long> setOrgMember(String instanceId, String orgId, String userId, java.util.Set<User.Role> roles,
                            Change change);

  Future<List<MachineKey>> machineKeys(String instanceId, String userId);

  // ---- projects

  Future<Project> createProject(Project project, Change change);

  Future<Optional<Project>> project(String instanceId, String orgId, String projectId);

  Future<Page<Project>> projects(String instanceId, String orgId, PageRequest page);

  /** Removes the project and its apps. Fails NOT_FOUND/PROJECT. */
  Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change);

  // ---- API apps (children of the project aggregate)

  /** Fails NOT_FOUND/PROJECT when the project is not in that org, ALREADY_EXISTS/API_APP_NAME on a duplicate name. */
  Future<ApiApp> createApiApp(ApiApp app, Change change);

  Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId);

  Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, PageRequest page);

  /** Fails NOT_FOUND/API_APP. */
  Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change);

  /** Replaces the app's secret hash; the old secret stops working at once. Fails NOT_FOUND/API_APP. */
  Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId, String secretHash,
                                 Change change);

  // ---- ecosystems and their clients (ids unique across instances; removal leaves tombstones)

  Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change);

  /** FOUND (live), REMOVED (tombstone of this instance), OTHER_TENANT or NEVER_EXISTED. */
  Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId);

  /** Live ecosystems of the instance. */
  Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page);

  /** Fails NOT_FOUND/ECOSYSTEM unless the ecosystem is live in the instance. */
  Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                    Change change);

  /** Leaves a tombstone; its clients are removed and their tokens stop working. Fails NOT_FOUND/ECOSYSTEM. */
  Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change);

  /** Fails NOT_FOUND/ECOSYSTEM unless the client's ecosystem is live in the instance. */
  Future<EcosystemClient> createClient(EcosystemClient client, Change change);

  Future<Lookup<EcosystemClient>> client(String instanceId, String clientId);

  /** Live clients of a live ecosystem. Fails NOT_FOUND/ECOSYSTEM otherwise. */
  Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page);

  /** Fails NOT_FOUND/CLIENT unless the client is live in the instance. */
  Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                       Change change);

  /** Leaves a tombstone; the client's tokens stop working. Fails NOT_FOUND/CLIENT. */
  Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change);

  /** Fails NOT_FOUND/CLIENT unless the client is live in the instance. */
  Future<ClientToken> addClientToken(ClientToken token, Change change);

  /** The tokens of a live client, oldest first. */
  Future<List<ClientToken>> clientTokens(String instanceId, String clientId);

  Future<Optional<ClientToken>> clientTokenByHash(String tokenHash);

  // ---- credentials as clients present them (OAuth): global lookups by what is unique across instances

  /** The machine user whose secret has this keyed hash (secrets are unique), if any. */
  Future<Optional<User>> machineUserBySecretHash(String secretHash);

  /** Adds a public key to a machine user. Fails NOT_FOUND/USER, or PRECONDITION_FAILED/USER for a human. */
  Future<User> addMachineKey(MachineKey key, Change change);

  /** A machine user's key by its id (key ids are unique across instances). */
  Future<Optional<MachineKey>> machineKey(String keyId);

  /** The API app with this client id (client ids are unique across instances). */
  Future<Optional<ApiApp>> apiAppByClientId(String clientId);

  /** Adds a public key to an API app; an event on the project records it. Fails NOT_FOUND/API_APP. */
  Future<ApiApp> addApiAppKey(AppKey key, Change change);

  Future<Optional<AppKey>> apiAppKey(String keyId);

  /** Remembers a revoked access token until it expires. Revoking twice is fine. */
  Future<Void> revokeToken(RevokedToken token);

  Future<Boolean> isTokenRevoked(String tokenId);

  /**
   * Registers a listener told the id of every object whose credentials stopped being valid or changed: an instance
   * removed; a user removed, its secret, keys or memberships changed; a project removed; an app removed, its secret
   * or keys changed; a commerce application removed or its key replaced; a token revoked (its id); and {@link #INSTANCES_CHANGED} when an instance was created or removed
   * (domains changed hands). {@link #EVERYTHING} means "forget all you cached" (e.g. after missed notifications).
   * The process that made the change is told before its call completes; other processes sharing the store within
   * about a second. Listeners run on store threads and must be quick.
   */
  void onCredentialChange(java.util.function.Consumer<String> listener);

  String INSTANCES_CHANGED = "*instances";
  String EVERYTHING = "*";

  // ---- Oracle Commerce application IDs (aggregates of their own; ids are unique across instances)

  /** Fails NOT_FOUND/ORGANIZATION when the organization is not in the instance. */
  Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change);

  Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id);

  /** By id alone: an application key names its application, not its instance. */
  Future<Optional<CommerceApplication>> commerceApplicationById(String id);

  /** The organization's application IDs, of one type or (null) all. */
  Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                         PageRequest page);

  /** Renames it and records the key lifetime asked for. Fails NOT_FOUND/COMMERCE_APP. */
  Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id, String name,
                                                        Integer lifetimeDays, Change change);

  /** Replaces its key; the previous key stops working at once. Fails NOT_FOUND/COMMERCE_APP. */
  Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id, String keyId,
                                                        java.time.Instant keyExpiresAt, Integer lifetimeDays,
                                                        Change change);

  /** Fails NOT_FOUND/COMMERCE_APP. Its key stops working at once. */
  Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id, Change change);

  // ---- events

  /** The events of one aggregate, oldest first. */
  Future<List<StoredEvent>> events(String instanceId, String aggregateId);

  /** Releases connections and other resources. */
  Future<Void> close();
}
