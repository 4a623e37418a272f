package dev.keygate.store.memory;

import static dev.keygate.store.StoreException.Entity;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Instance;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Organization;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Everything one instance holds. Readers use the concurrent maps without locking; writers hold the tenant's monitor
 * ({@code synchronized (tenant)}, see {@link Tenants#write}) so that check-then-act sequences (unique names,
 * sequences) are atomic. The methods below that change or check state are for writers: call them with the monitor held.
 */
final class Tenant {

  volatile Instance instance;
  final ConcurrentSkipListMap<String, Organization> orgs = new ConcurrentSkipListMap<>(Ids.NUMERIC);
  final Map<String, String> orgIdsByName = new ConcurrentHashMap<>();
  final ConcurrentSkipListMap<String, User> users = new ConcurrentSkipListMap<>(Ids.NUMERIC);
  final Map<String, String> userIdsByName = new ConcurrentHashMap<>();
  /** Each user's PATs (the global index finds them by hash; these list and remove them by id). */
  final Map<String, List<PersonalAccessToken>> patsByUser = new ConcurrentHashMap<>();
  final Map<String, List<MachineKey>> keysByUser = new ConcurrentHashMap<>();
  final ConcurrentSkipListMap<String, Project> projects = new ConcurrentSkipListMap<>(Ids.NUMERIC);
  final Map<String, ProjectApps> appsByProject = new ConcurrentHashMap<>();
  /** Ecosystems and clients, tombstones included. */
  final ConcurrentSkipListMap<String, Ecosystem> ecosystems = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<String, EcosystemClient> clients = new ConcurrentSkipListMap<>();
  final Map<String, List<ClientToken>> tokensByClient = new ConcurrentHashMap<>();
  final ConcurrentSkipListMap<String, CommerceApplication> commerceApplications = new ConcurrentSkipListMap<>();
  private final EventLog events;
  /** The position of the newest event; the next one gets one more (under the monitor, so in the order written). */
  private long lastPosition;
  private final Capacity capacity;
  /** What this tenant holds by the store's count ({@link Weights}), given back in one go when it is removed. */
  private long bytes;

  Tenant(Instance instance, Capacity capacity, int eventsKept) {
    this.instance = instance;
    this.events = new EventLog(eventsKept);
    this.capacity = capacity;
  }

  /**
   * Counts what a write is about to add, or fails RESOURCE_EXHAUSTED/{@code entity} when the store is full. Call it
   * after the write's own checks and before it changes anything, so that a refused write leaves nothing behind.
   */
  void admit(Entity entity, long added) {
    capacity.admit(entity, added);
    bytes += added;
  }

  /**
   * Like {@link #admit}, for a record that also claims a global id: the claim outlives the record and the tenant (ids
   * stay claimed for good), so removing the instance does not give it back.
   */
  void admitWithClaim(Entity entity, long added, long claim) {
    capacity.admit(entity, added + claim);
    bytes += added;
  }

  /**
   * Admits a record of {@code weight} that claims a global id with {@code claim}; when the claim fails (another
   * instance claimed the id meanwhile), the admission is undone and the claim's failure thrown.
   */
  void admitClaiming(Entity entity, long weight, Runnable claim) {
    admitWithClaim(entity, weight, Weights.CLAIM);
    try {
      claim.run();
    } catch (StoreException e) {
      refund(weight, Weights.CLAIM);
      throw e;
    }
  }

  /** Undoes {@link #admitWithClaim} when the claim itself failed (another instance claimed the id meanwhile). */
  void refund(long added, long claim) {
    bytes -= added;
    capacity.release(added + claim);
  }

  /** A write that replaces a record: refused when full, counts the difference either way. */
  void admitChange(Entity entity, long before, long after) {
    admit(entity, Math.max(0, after - before));
    if (after < before) {
      release(before - after);
    }
  }

  /** Gives back what a removal frees. */
  void release(long freed) {
    bytes -= freed;
    capacity.release(freed);
  }

  /** What the tenant holds; removing the instance gives all of it back. */
  long bytes() {
    return bytes;
  }

  /**
   * The apps of one project, with the name index that makes app names unique per project, and each app's keys (the
   * global index finds them by id; these list and remove them per app).
   */
  static final class ProjectApps {
    final ConcurrentSkipListMap<String, ApiApp> byId = new ConcurrentSkipListMap<>(Ids.NUMERIC);
    final Map<String, String> idsByName = new ConcurrentHashMap<>();
    final Map<String, List<AppKey>> keysByApp = new ConcurrentHashMap<>();

    void addKey(AppKey key) {
      keysByApp.computeIfAbsent(key.appId(), k -> new CopyOnWriteArrayList<>()).add(key);
    }
  }

  /**
   * Appends an event to the aggregate and returns its new sequence: one more than {@code previousSequence}, the
   * sequence the aggregate's record carries (0 for a new aggregate).
   */
  long append(String aggregateType, String aggregateId, long previousSequence, String type, Change change) {
    long sequence = previousSequence + 1;
    bytes += Weights.EVENT; // the write that appends it was admitted with room for it, or is a removal
    capacity.charge(Weights.EVENT);
    int dropped = events.add(
        new StoredEvent(instance.id(), aggregateType, aggregateId, sequence, type, change.at(), change.actorId(),
            ++lastPosition));
    if (dropped > 0) {
      release(dropped * Weights.EVENT);
    }
    return sequence;
  }

  /**
   * The step most writes end with: appends the event to the aggregate, then stores under the aggregate's id the
   * record that {@code next} makes of the aggregate's new sequence, and returns that record.
   */
  <T> T commit(Map<String, T> records, String aggregateType, String aggregateId, long previousSequence, String type,
               Change change, LongFunction<T> next) {
    T stored = next.apply(append(aggregateType, aggregateId, previousSequence, type, change));
    records.put(aggregateId, stored);
    return stored;
  }

  /** A snapshot, taken under the monitor that writers hold. */
  synchronized List<StoredEvent> eventsOf(String aggregateId) {
    return events.of(aggregateId);
  }

  /** One page of the log ({@link EventLog#page}), taken under the monitor that writers hold. */
  synchronized List<StoredEvent> eventPage(Predicate<StoredEvent> filter, long cursor, boolean ascending, int limit) {
    return events.page(filter, cursor, ascending, limit);
  }

  /** Fails NOT_FOUND/ORGANIZATION unless the organization is in this instance. */
  void requireOrg(String orgId) {
    if (!orgs.containsKey(orgId)) {
      throw StoreException.notFound(Entity.ORGANIZATION);
    }
  }

  /** Stores a new organization and takes its name. */
  void putNewOrg(Organization stored) {
    orgs.put(stored.id(), stored);
    orgIdsByName.put(stored.name(), stored.id());
  }

  /** Stores a new user and takes its user name. */
  void putNewUser(User stored) {
    users.put(stored.id(), stored);
    userIdsByName.put(stored.userName(), stored.id());
  }

  void addMachineKey(String userId, MachineKey key) {
    keysByUser.computeIfAbsent(userId, k -> new CopyOnWriteArrayList<>()).add(key);
  }

  void addPat(PersonalAccessToken pat) {
    patsByUser.computeIfAbsent(pat.userId(), k -> new CopyOnWriteArrayList<>()).add(pat);
  }

  /** The project, if it belongs to that organization; fails NOT_FOUND/PROJECT otherwise. */
  Project projectOf(String orgId, String projectId) {
    Project project = projects.get(projectId);
    if (project == null || !project.orgId().equals(orgId)) {
      throw StoreException.notFound(Entity.PROJECT);
    }
    return project;
  }

  /** The ecosystem unless it is missing or a tombstone (NOT_FOUND/ECOSYSTEM). */
  Ecosystem liveEcosystem(String ecosystemId) {
    Ecosystem ecosystem = ecosystems.get(ecosystemId);
    if (ecosystem == null || ecosystem.isRemoved()) {
      throw StoreException.notFound(Entity.ECOSYSTEM);
    }
    return ecosystem;
  }
}
