package dev.keygate.store.memory;

import static dev.keygate.store.EventTypes.ORG_MEMBER_ADDED;
import static dev.keygate.store.EventTypes.USER_MACHINE_KEY_ADDED;
import static dev.keygate.store.EventTypes.USER_MACHINE_KEY_REMOVED;
import static dev.keygate.store.EventTypes.USER_MACHINE_SECRET_PREVIOUS_REMOVED;
import static dev.keygate.store.EventTypes.USER_MACHINE_SECRET_REMOVED;
import static dev.keygate.store.EventTypes.USER_MACHINE_SECRET_ROTATED;
import static dev.keygate.store.EventTypes.USER_MACHINE_SECRET_SET;
import static dev.keygate.store.EventTypes.USER_PAT_ADDED;
import static dev.keygate.store.EventTypes.USER_PAT_REMOVED;
import static dev.keygate.store.EventTypes.USER_REMOVED;
import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Users of an instance, with their secrets, PATs, keys and memberships; the credentials go into the global index. */
record MemoryUserStore(Tenants tenants, GlobalIndex index, MemoryChangeFeed feed) implements UserStore {

  @Override
  public Future<User> createUser(User user, Change change) {
    return tenants.write(user.instanceId(), tenant -> {
      tenant.requireOrg(user.orgId());
      if (tenant.userIdsByName.containsKey(user.userName())) {
        throw StoreException.alreadyExists(Entity.USER_NAME);
      }
      tenant.admit(Entity.USER, Weights.user(user));
      long sequence = tenant.append(Aggregate.USER, user.id(), 0, EventTypes.userAdded(user.isMachine()), change);
      User stored = user.withChange(change.at(), sequence);
      tenant.putNewUser(stored);
      index.replaceMachineSecrets(null, stored);
      return stored;
    });
  }

  @Override
  public Future<Optional<User>> user(String instanceId, String userId) {
    return Future.succeededFuture(Optional.ofNullable(tenants.user(instanceId, userId)));
  }

  @Override
  public Future<Optional<User>> userByName(String instanceId, String userName) {
    Tenant tenant = tenants.get(instanceId);
    String userId = tenant == null ? null : tenant.userIdsByName.get(userName);
    return Future.succeededFuture(userId == null ? Optional.empty() : Optional.ofNullable(tenant.users.get(userId)));
  }

  @Override
  public Future<Page<User>> users(String instanceId, String orgId, User.Kind kind, List<TextMatch> userNames,
                                  PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant == null) {
      return Future.succeededFuture(new Page<>(List.of(), 0));
    }
    return Future.succeededFuture(Pages.page(tenant.users, page, user -> user.orgId().equals(orgId)
        && (kind == null || user.kind() == kind) && TextMatch.all(userNames, user.userName())));
  }

  @Override
  public Future<User> removeUser(String instanceId, String orgId, String userId, Change change) {
    return tenants.write(instanceId, tenant -> {
      User user = userOf(tenant, orgId, userId);
      long sequence = tenant.append(Aggregate.USER, userId, user.sequence(), USER_REMOVED, change);
      tenant.users.remove(userId);
      tenant.userIdsByName.remove(user.userName(), userId);
      List<MachineKey> keys = tenant.keysByUser.remove(userId);
      List<PersonalAccessToken> pats = tenant.patsByUser.remove(userId);
      index.forgetUser(keys, pats, user);
      tenant.release(Weights.user(user) + (pats == null ? 0 : pats.size() * Weights.PAT)
          + (keys == null ? 0 : keys.stream().mapToLong(Weights::key).sum()));
      feed.changed(userId);
      return user.withChange(change.at(), sequence);
    });
  }

  @Override
  public Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash,
                                       Instant previousExpiresAt, Change change) {
    return tenants.write(instanceId, tenant -> {
      User user = machineOf(tenant, orgId, userId);
      if (secretHash == null && !user.hasSecret()) {
        throw StoreException.notFound(Entity.SECRET);
      }
      boolean rotates = secretHash != null && previousExpiresAt != null && user.hasSecret();
      long secretsBefore = secrets(user);
      long secretsAfter = secretHash == null ? 0 : rotates ? 2 : 1;
      if (secretHash == null) {
        tenant.release(secretsBefore * Weights.SECRET); // removing the secrets is a removal: never refused
      } else {
        // a new secret is a write that adds (its event at least), refused when the store is full
        tenant.admit(Entity.SECRET, Math.max(0, secretsAfter - secretsBefore) * Weights.SECRET);
        tenant.release(Math.max(0, secretsBefore - secretsAfter) * Weights.SECRET);
      }
      String type = secretHash == null ? USER_MACHINE_SECRET_REMOVED
          : rotates ? USER_MACHINE_SECRET_ROTATED : USER_MACHINE_SECRET_SET;
      User updated = tenant.commit(tenant.users, Aggregate.USER, userId, user.sequence(), type, change,
          sequence -> rotates ? user.withRotatedSecret(secretHash, previousExpiresAt, change.at(), sequence)
              : user.withSecretHash(secretHash, change.at(), sequence));
      index.replaceMachineSecrets(user, updated);
      feed.changed(userId);
      return updated;
    });
  }

  @Override
  public Future<User> endMachineSecretOverlap(String instanceId, String orgId, String userId, Change change) {
    return tenants.write(instanceId, tenant -> {
      User user = machineOf(tenant, orgId, userId);
      if (user.previousSecret() == null || !user.previousSecret().validAt(change.at())) {
        throw StoreException.notFound(Entity.SECRET);
      }
      tenant.release(Weights.SECRET);
      User updated = tenant.commit(tenant.users, Aggregate.USER, userId, user.sequence(),
          USER_MACHINE_SECRET_PREVIOUS_REMOVED, change, sequence -> user.withoutPreviousSecret(change.at(), sequence));
      index.replaceMachineSecrets(user, updated);
      feed.changed(userId);
      return updated;
    });
  }

  private static User machineOf(Tenant tenant, String orgId, String userId) {
    User user = userOf(tenant, orgId, userId);
    if (!user.isMachine()) {
      throw StoreException.precondition(Entity.USER, "user is not a machine user");
    }
    return user;
  }

  /** How many secrets the user holds (an expired previous one too, until the next change drops it). */
  private static long secrets(User user) {
    return (user.hasSecret() ? 1 : 0) + (user.previousSecret() == null ? 0 : 1);
  }

  @Override
  public Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change) {
    return tenants.write(pat.instanceId(), tenant -> {
      User updated = recordOnMachine(tenant, pat.userId(), "personal access tokens are for machine users",
          Entity.PAT, Weights.PAT, USER_PAT_ADDED, change);
      tenant.addPat(pat);
      index.addPat(pat);
      feed.changed(pat.userId()); // the user's sequence moved: a read of it cached elsewhere is stale
      return updated;
    });
  }

  @Override
  public Future<Page<PersonalAccessToken>> personalAccessTokens(String instanceId, String userId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant == null || !tenant.users.containsKey(userId)) {
      return Future.failedFuture(StoreException.notFound(Entity.USER));
    }
    return Future.succeededFuture(Pages.page(tenant.patsByUser.getOrDefault(userId, List.of()),
        PersonalAccessToken::id, page));
  }

  @Override
  public Future<User> removePersonalAccessToken(String instanceId, String orgId, String userId, String tokenId,
                                                Change change) {
    return tenants.write(instanceId, tenant -> {
      User user = userOf(tenant, orgId, userId);
      List<PersonalAccessToken> pats = tenant.patsByUser.getOrDefault(userId, List.of());
      PersonalAccessToken pat = pats.stream().filter(p -> p.id().equals(tokenId)).findFirst()
          .orElseThrow(() -> StoreException.notFound(Entity.PAT));
      User updated = tenant.commit(tenant.users, Aggregate.USER, userId, user.sequence(), USER_PAT_REMOVED, change,
          sequence -> user.withChange(change.at(), sequence));
      pats.remove(pat);
      index.removePat(pat);
      tenant.release(Weights.PAT);
      feed.changed(userId);
      return updated;
    });
  }

  @Override
  public Future<User> addMachineKey(MachineKey key, Change change) {
    return tenants.write(key.instanceId(), tenant -> {
      User updated = recordOnMachine(tenant, key.userId(), "keys are for machine users", Entity.MACHINE_KEY,
          Weights.key(key), USER_MACHINE_KEY_ADDED, change);
      tenant.addMachineKey(updated.id(), key);
      index.addMachineKey(key);
      feed.changed(updated.id());
      return updated;
    });
  }

  @Override
  public Future<Page<MachineKey>> machineKeys(String instanceId, String userId, PageRequest page) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant == null || !tenant.users.containsKey(userId)) {
      return Future.failedFuture(StoreException.notFound(Entity.USER));
    }
    return Future.succeededFuture(Pages.page(tenant.keysByUser.getOrDefault(userId, List.of()), MachineKey::id,
        page));
  }

  @Override
  public Future<User> removeMachineKey(String instanceId, String orgId, String userId, String keyId,
                                       Change change) {
    return tenants.write(instanceId, tenant -> {
      User user = userOf(tenant, orgId, userId);
      List<MachineKey> keys = tenant.keysByUser.getOrDefault(userId, List.of());
      MachineKey key = keys.stream().filter(k -> k.id().equals(keyId)).findFirst()
          .orElseThrow(() -> StoreException.notFound(Entity.MACHINE_KEY));
      User updated = tenant.commit(tenant.users, Aggregate.USER, userId, user.sequence(), USER_MACHINE_KEY_REMOVED,
          change, sequence -> user.withChange(change.at(), sequence));
      keys.remove(key);
      index.removeMachineKey(key);
      tenant.release(Weights.key(key));
      feed.changed(userId);
      return updated;
    });
  }

  @Override
  public Future<Long> setOrgMember(String instanceId, String orgId, String userId, Set<User.Role> roles,
                                   Change change) {
    return tenants.write(instanceId, tenant -> {
      User user = userOf(tenant, orgId, userId);
      tenant.admit(Entity.USER, 0); // the roles replace the old ones; only the event adds
      long sequence = tenant.append(Aggregate.ORG, orgId, tenant.orgs.get(orgId).sequence(), ORG_MEMBER_ADDED,
          change);
      tenant.orgs.computeIfPresent(orgId, (id, org) -> org.withChange(change.at(), sequence));
      tenant.users.put(userId, user.withRoles(roles, user.changedAt(), user.sequence()));
      feed.changed(userId);
      return sequence;
    });
  }

  private static User userOf(Tenant tenant, String orgId, String userId) {
    User user = tenant.users.get(userId);
    if (user == null || !user.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.USER);
    }
    return user;
  }

  /**
   * Records an event on a machine user (found by id alone: the credential names no organization) and stores the
   * user's new sequence, counting {@code added} bytes for what the caller then stores. Fails NOT_FOUND/USER,
   * PRECONDITION_FAILED/USER with {@code whyMachine} for a human, or RESOURCE_EXHAUSTED/{@code entity}.
   */
  private static User recordOnMachine(Tenant tenant, String userId, String whyMachine, Entity entity, long added,
                                      String type, Change change) {
    User user = tenant.users.get(userId);
    if (user == null) {
      throw StoreException.notFound(Entity.USER);
    }
    if (!user.isMachine()) {
      throw StoreException.precondition(Entity.USER, whyMachine);
    }
    tenant.admit(entity, added);
    return tenant.commit(tenant.users, Aggregate.USER, user.id(), user.sequence(), type, change,
        sequence -> user.withChange(change.at(), sequence));
  }
}
