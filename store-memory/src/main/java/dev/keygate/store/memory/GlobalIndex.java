package dev.keygate.store.memory;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.MachineKey;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What is unique across instances, indexed globally: the credentials clients present (PATs and client tokens by
 * hash, machine secrets by hash, keys by id, API apps by client id), before anyone knows their tenant, and which
 * instance issued each ecosystem, client and commerce application id. Lock-free; writers change it while holding the
 * monitor of the tenant they write, and {@link #forget} is the one place that drops an instance's entries.
 */
final class GlobalIndex {

  /** Where a machine user lives (as small on the heap as the two-slot array it replaced). */
  record UserRef(String instanceId, String userId) {}

  /** Where an API app lives. */
  record AppRef(String instanceId, String projectId, String appId) {}

  private final Map<String, PersonalAccessToken> patsByHash = new ConcurrentHashMap<>();
  /**
   * Which instance each ecosystem and client id was ever issued in (ids are unique across instances). Sorted maps:
   * the ids grow, so new entries go at the end, whereas a hash table would write each into a random bucket of a
   * large, long-lived table, and every young GC would have to scan those old-to-young references.
   */
  private final Map<String, String> ecosystemOwners = new ConcurrentSkipListMap<>();
  private final Map<String, String> clientOwners = new ConcurrentSkipListMap<>();
  private final Map<String, ClientToken> clientTokensByHash = new ConcurrentHashMap<>();
  /** Global indexes of what OAuth clients present: the machine user of each secret hash, the app of each client id. */
  private final Map<String, UserRef> machineSecretOwners = new ConcurrentHashMap<>();
  private final Map<String, MachineKey> machineKeysById = new ConcurrentHashMap<>();
  /** Sorted for the reason given above: client ids grow, so new apps append at the end instead of a random bucket. */
  private final Map<String, AppRef> appsByClientId = new ConcurrentSkipListMap<>();
  private final Map<String, AppKey> appKeysById = new ConcurrentHashMap<>();
  /** Which instance each commerce application id belongs to. */
  private final Map<String, String> commerceOwners = new ConcurrentHashMap<>();
  /** The last use of each credential that was used, by credential id ({@link dev.keygate.store.CredentialUse}). */
  private final Map<String, CredentialUse> lastUses = new ConcurrentHashMap<>();

  /**
   * Drops every credential of a removed instance, so that none of them is found any more, and frees its commerce
   * application ids. Ecosystem and client ids stay claimed, as PostgreSQL keeps the ids it issued: another instance
   * asking for one is still told it is not theirs, and none is created again.
   */
  void forget(String instanceId) {
    patsByHash.values().removeIf(p -> p.instanceId().equals(instanceId));
    clientTokensByHash.values().removeIf(t -> t.instanceId().equals(instanceId));
    machineSecretOwners.values().removeIf(owner -> owner.instanceId().equals(instanceId));
    machineKeysById.values().removeIf(k -> k.instanceId().equals(instanceId));
    appsByClientId.values().removeIf(owner -> owner.instanceId().equals(instanceId));
    appKeysById.values().removeIf(k -> k.instanceId().equals(instanceId));
    commerceOwners.values().removeIf(owner -> owner.equals(instanceId));
    lastUses.values().removeIf(use -> use.instanceId().equals(instanceId));
  }

  // ---- last uses

  /** Keeps {@code use} unless a later use of the same credential is already kept. */
  void recordLastUse(CredentialUse use) {
    lastUses.merge(use.credentialId(), use, (kept, offered) -> offered.at().isAfter(kept.at()) ? offered : kept);
  }

  CredentialUse lastUse(String credentialId) {
    return lastUses.get(credentialId);
  }

  // ---- users

  PersonalAccessToken pat(String tokenHash) {
    return patsByHash.get(tokenHash);
  }

  void addPat(PersonalAccessToken pat) {
    patsByHash.put(pat.tokenHash(), pat);
  }

  /** The machine user with this secret hash, or {@code null}. */
  UserRef machineSecretOwner(String secretHash) {
    return machineSecretOwners.get(secretHash);
  }

  /**
   * Indexes the secrets a machine user has after a change ({@code after}: current and previous) instead of those it
   * had ({@code before}); either user may be {@code null}.
   */
  void replaceMachineSecrets(User before, User after) {
    String[] kept = {after == null ? null : after.secretHash(), previousHash(after)};
    for (String hash : new String[] {before == null ? null : before.secretHash(), previousHash(before)}) {
      if (hash != null && !hash.equals(kept[0]) && !hash.equals(kept[1])) {
        machineSecretOwners.remove(hash);
      }
    }
    for (String hash : kept) {
      if (hash != null) {
        machineSecretOwners.put(hash, new UserRef(after.instanceId(), after.id()));
      }
    }
  }

  private static String previousHash(User user) {
    return user == null || user.previousSecret() == null ? null : user.previousSecret().hash();
  }

  /** Moves a machine user's secret from {@code previousHash} to {@code newHash}; either may be {@code null}. */
  void replaceMachineSecret(String previousHash, String newHash, String instanceId, String userId) {
    if (previousHash != null) {
      machineSecretOwners.remove(previousHash);
    }
    if (newHash != null) {
      machineSecretOwners.put(newHash, new UserRef(instanceId, userId));
    }
  }

  MachineKey machineKey(String keyId) {
    return machineKeysById.get(keyId);
  }

  void addMachineKey(MachineKey key) {
    machineKeysById.put(key.id(), key);
  }

  /** Drops one PAT: it is no longer found by its hash. */
  void removePat(PersonalAccessToken pat) {
    patsByHash.remove(pat.tokenHash(), pat);
  }

  /** Drops one machine key: it is no longer found by its id. */
  void removeMachineKey(MachineKey key) {
    machineKeysById.remove(key.id(), key);
  }

  /** Drops a removed user's keys, secret and PATs (the lists its tenant kept of them; either may be null). */
  void forgetUser(List<MachineKey> keys, List<PersonalAccessToken> pats, User user) {
    if (keys != null) {
      keys.forEach(this::removeMachineKey);
    }
    if (pats != null) {
      pats.forEach(this::removePat);
    }
    replaceMachineSecrets(user, null);
  }

  // ---- API apps

  /** The API app with this client id, or {@code null}. */
  AppRef appOwner(String clientId) {
    return appsByClientId.get(clientId);
  }

  void addApp(ApiApp stored) {
    appsByClientId.put(stored.clientId(), new AppRef(stored.instanceId(), stored.projectId(), stored.id()));
  }

  AppKey appKey(String keyId) {
    return appKeysById.get(keyId);
  }

  void addAppKey(AppKey key) {
    appKeysById.put(key.id(), key);
  }

  /** Drops one app key: it is no longer found by its id. */
  void removeAppKey(AppKey key) {
    appKeysById.remove(key.id(), key);
  }

  /**
   * Drops a removed app's client id and its keys (the list its project kept of them, or null); answers the bytes
   * those keys held ({@link Weights#key(AppKey)}).
   */
  long forgetApp(ApiApp app, List<AppKey> keys) {
    appsByClientId.remove(app.clientId());
    long freed = 0;
    if (keys != null) {
      for (AppKey key : keys) {
        removeAppKey(key);
        freed += Weights.key(key);
      }
    }
    return freed;
  }

  // ---- ecosystems, clients and their tokens

  String ecosystemOwner(String ecosystemId) {
    return ecosystemOwners.get(ecosystemId);
  }

  /** Records that the instance issued this ecosystem id. Fails ALREADY_EXISTS/ECOSYSTEM if any instance did. */
  void claimEcosystem(String ecosystemId, String instanceId) {
    claim(ecosystemOwners, ecosystemId, instanceId, Entity.ECOSYSTEM);
  }

  String clientOwner(String clientId) {
    return clientOwners.get(clientId);
  }

  /** Records that the instance issued this client id. Fails ALREADY_EXISTS/CLIENT if any instance did. */
  void claimClient(String clientId, String instanceId) {
    claim(clientOwners, clientId, instanceId, Entity.CLIENT);
  }

  ClientToken clientToken(String tokenHash) {
    return clientTokensByHash.get(tokenHash);
  }

  void addClientToken(ClientToken token) {
    clientTokensByHash.put(token.tokenHash(), token);
  }

  void forgetClientTokens(List<ClientToken> tokens) {
    if (tokens != null) {
      tokens.forEach(token -> clientTokensByHash.remove(token.tokenHash()));
    }
  }

  // ---- commerce applications

  String commerceOwner(String applicationId) {
    return commerceOwners.get(applicationId);
  }

  /** Records that the instance holds this commerce application id. Fails ALREADY_EXISTS/COMMERCE_APP if one does. */
  void claimCommerceApplication(String applicationId, String instanceId) {
    claim(commerceOwners, applicationId, instanceId, Entity.COMMERCE_APP);
  }

  private static void claim(Map<String, String> owners, String id, String instanceId, Entity entity) {
    if (owners.putIfAbsent(id, instanceId) != null) {
      throw StoreException.alreadyExists(entity);
    }
  }
}
