package dev.keygate.gateway.service.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CredentialChangeFeed;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Instance;
import dev.keygate.store.Lookup;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Organization;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Verified credentials (a PAT's owner, a secret's machine user, a client id's app, a key), kept by Caffeine with a
 * bounded size and lifetime, and dropped the moment the store reports a change of anything they depend on. This class
 * alone knows the cache keys and what each kind of entry depends on; services ask through its typed methods and
 * pass only how to load a value the cache does not hold.
 *
 * <p>Invalidation is O(1) whatever the cache holds: every change is numbered, and each id's last change is recorded
 * (in a fixed array of stripes indexed by the id's hash: two ids sharing a stripe only cost an extra load, never a
 * stale hit). An entry records the number of the last change before its load began and the stripes of the ids it
 * depends on (instance, user, project, app, token id); it is used only while none of those changed since. A load
 * overlapping a change of what it depends on is returned but not kept, so a value read before a change can never be
 * cached after it; changes of anything else do not stop it from being kept. Nothing found is not kept either (but for
 * a host no instance owns), so a credential created a moment later is seen at once.
 *
 * <p>A second instance holds objects read by id for the management APIs (API apps, users, Droplit ecosystems and
 * clients), so that those reads never evict verified credentials; it is told the same changes.
 */
public final class VerificationCache {

  private static final int STRIPES = 1 << 12;

  private record Entry(Object value, int[] stripes, long loadedAfter) {}

  private final Cache<String, Entry> entries;
  /** The number of each stripe's last change. */
  private final AtomicLongArray lastChanges = new AtomicLongArray(STRIPES);
  private final AtomicLong changes = new AtomicLong();
  /** The number of the last "forget everything". */
  private final AtomicLong lastEverything = new AtomicLong();
  // counted here rather than with Caffeine's statistics: a stale entry found is a miss, which Caffeine calls a hit
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** False for a cache that keeps nothing ({@link #passingThrough()}): every lookup loads. */
  private final boolean keeps;

  public VerificationCache(CredentialChangeFeed feed, long maximumSize, Duration lifetime) {
    this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(lifetime)
        .executor(Runnable::run).build();
    this.keeps = true;
    feed.onCredentialChange(this::changed);
  }

  private VerificationCache() {
    this.entries = Caffeine.newBuilder().maximumSize(0).build();
    this.keeps = false;
  }

  /**
   * A cache that keeps nothing and counts nothing: every lookup is its load. For reads from a store in this process
   * (the memory store), which answer as fast as a cache would, so that a cache in front would only add its own work.
   */
  public static VerificationCache passingThrough() {
    return new VerificationCache();
  }

  /** Whether this cache keeps anything ({@link #passingThrough()} does not). */
  public boolean keeps() {
    return keeps;
  }

  // ---- what is cached: one method per kind of entry, each with its key and its dependencies

  /** The owner of a personal access token, by the token's keyed hash. */
  public Future<Optional<PatOwner>> patOwner(String tokenHash, Supplier<Future<Optional<PatOwner>>> load) {
    return found("pat:" + tokenHash, load, owner -> List.of(owner.user().instanceId(), owner.user().id()));
  }

  /** An API app read by its id in a project of an organization (a management read: see the class comment). */
  public Future<Optional<ApiApp>> apiAppOfProject(String instanceId, String orgId, String projectId, String appId,
                                                  Supplier<Future<Optional<ApiApp>>> load) {
    return found("project-app:" + instanceId + ":" + orgId + ":" + projectId + ":" + appId, load,
        app -> List.of(app.instanceId(), app.projectId(), app.id()));
  }

  /** An API app read by its id in any project of an organization (a management read: see the class comment). */
  public Future<Optional<ApiApp>> apiAppOfOrg(String instanceId, String orgId, String appId,
                                              Supplier<Future<Optional<ApiApp>>> load) {
    return found("org-app:" + instanceId + ":" + orgId + ":" + appId, load,
        app -> List.of(app.instanceId(), app.projectId(), app.id()));
  }

  /** A Droplit ecosystem by its id; only one found live is kept (a management read: see the class comment). */
  public Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId,
                                             Supplier<Future<Lookup<Ecosystem>>> load) {
    return get("ecosystem:" + instanceId + ":" + ecosystemId, load, lookup -> lookup.isFound()
        ? List.of(instanceId, ecosystemId) : null);
  }

  /** A Droplit client by its id; only one found live is kept (a management read: see the class comment). */
  public Future<Lookup<EcosystemClient>> ecosystemClient(String instanceId, String clientId,
                                                         Supplier<Future<Lookup<EcosystemClient>>> load) {
    return get("client:" + instanceId + ":" + clientId, load, lookup -> lookup.isFound()
        ? List.of(instanceId, lookup.value().ecosystemId(), clientId) : null);
  }

  /** The machine user whose client secret has this keyed hash. */
  public Future<Optional<User>> secretOwner(String secretHash, Supplier<Future<Optional<User>>> load) {
    return found("secret:" + secretHash, load, user -> List.of(user.instanceId(), user.id()));
  }

  public Future<Optional<User>> user(String instanceId, String userId, Supplier<Future<Optional<User>>> load) {
    return found("user:" + instanceId + ":" + userId, load, user -> List.of(user.instanceId(), user.id()));
  }

  public Future<Optional<MachineKey>> machineKey(String keyId, Supplier<Future<Optional<MachineKey>>> load) {
    return found("machine-key:" + keyId, load, key -> List.of(key.instanceId(), key.userId()));
  }

  /** An API app by its client id. */
  public Future<Optional<ApiApp>> apiApp(String clientId, Supplier<Future<Optional<ApiApp>>> load) {
    return found("app:" + clientId, load, app -> List.of(app.instanceId(), app.projectId(), app.id()));
  }

  public Future<Optional<AppKey>> appKey(String keyId, Supplier<Future<Optional<AppKey>>> load) {
    return found("app-key:" + keyId, load, key -> List.of(key.instanceId(), key.projectId(), key.appId()));
  }

  public Future<Optional<CommerceApplication>> commerceApplication(String id,
                                                            Supplier<Future<Optional<CommerceApplication>>> load) {
    return found("commerce:" + id, load, application -> List.of(application.instanceId(), application.id()));
  }

  /** Organizations go only with their instance, so a found one is kept until the instance changes. */
  public Future<Optional<Organization>> organization(String instanceId, String orgId,
                                              Supplier<Future<Optional<Organization>>> load) {
    return found("org:" + instanceId + ":" + orgId, load, org -> List.of(org.instanceId()));
  }

  /**
   * The id of the instance that owns a host name. "No instance" is kept as well (unknown hosts such as localhost are
   * asked on every request), until any instance changes.
   */
  Future<Optional<String>> instanceOfHost(String host, Supplier<Future<Optional<Instance>>> load) {
    return get("host:" + host, () -> load.get().map(instance -> instance.map(Instance::id).orElse("")),
            owner -> owner.isEmpty() ? List.of(CredentialChangeFeed.INSTANCES_CHANGED)
                : List.of(owner, CredentialChangeFeed.INSTANCES_CHANGED))
        .map(owner -> owner.isEmpty() ? Optional.empty() : Optional.of(owner));
  }

  /** Whether a token id is revoked; kept until that token id changes (is revoked). */
  public Future<Boolean> revoked(String tokenId, Supplier<Future<Boolean>> load) {
    return get("revoked:" + tokenId, load, revoked -> List.of(tokenId));
  }

  /**
   * The claims of an access token whose signature (JWT) or authentication tag (opaque) was checked, by the token's
   * keyed hash, or null for a token that failed (never kept). Only tokens with an id are kept, and only until that id
   * changes. The claims are shared between requests: read only.
   */
  public Future<JsonObject> verifiedToken(String tokenHash, Supplier<Future<JsonObject>> load) {
    return get("jwt:" + tokenHash, load,
        claims -> claims.getString("jti") == null ? null : List.of(claims.getString("jti")));
  }

  /** Lookups answered from the cache, since start (for the metrics). */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that had to load, since start. */
  public long misses() {
    return misses.sum();
  }

  // ---- the mechanism

  void changed(String id) {
    long change = changes.incrementAndGet();
    if (CredentialChangeFeed.EVERYTHING.equals(id)) {
      lastEverything.accumulateAndGet(change, Math::max);
      entries.invalidateAll();
    } else {
      lastChanges.accumulateAndGet(stripe(id), change, Math::max);
    }
  }

  private <T> Future<Optional<T>> found(String key, Supplier<Future<Optional<T>>> load,
                                        Function<T, List<String>> dependencies) {
    return get(key, () -> load.get().map(found -> found.orElse(null)), dependencies).map(Optional::ofNullable);
  }

  /**
   * The cached value of {@code key}, or {@code load}'s. {@code dependencies} names the ids the loaded value depends
   * on; null means "do not keep" (e.g. nothing found).
   */
  @SuppressWarnings("unchecked")
  <T> Future<T> get(String key, Supplier<Future<T>> load, Function<T, List<String>> dependencies) {
    if (!keeps) {
      return load.get();
    }
    Entry entry = entries.getIfPresent(key);
    if (entry != null && unchangedSince(entry.stripes(), entry.loadedAfter())) {
      hits.increment();
      return Future.succeededFuture((T) entry.value());
    }
    misses.increment();
    long before = changes.get();
    return load.get().map(value -> {
      List<String> ids = value == null ? null : dependencies.apply(value);
      if (ids != null) {
        int[] stripes = new int[ids.size()];
        for (int i = 0; i < stripes.length; i++) {
          stripes[i] = stripe(ids.get(i));
        }
        // a change landing after this check still makes the entry unusable: every read checks it again
        if (unchangedSince(stripes, before)) {
          entries.put(key, new Entry(value, stripes, before));
        }
      }
      return value;
    });
  }

  /** Whether none of {@code stripes} changed, and nothing told to forget everything, after change {@code since}. */
  private boolean unchangedSince(int[] stripes, long since) {
    if (lastEverything.get() > since) {
      return false;
    }
    for (int stripe : stripes) {
      if (lastChanges.get(stripe) > since) {
        return false;
      }
    }
    return true;
  }

  private static int stripe(String id) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
