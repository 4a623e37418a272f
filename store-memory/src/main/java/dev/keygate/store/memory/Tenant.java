package dev.keygate.store.memory;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Instance;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Organization;
import dev.keygate.store.Project;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Everything one instance holds. Readers use the concurrent maps without locking; writers hold the tenant's monitor
 * ({@code synchronized (tenant)}) so that check-then-act sequences (unique names, sequences) are atomic.
 */
final class Tenant {

  volatile Instance instance;
  final Map<String, Organization> orgs = new ConcurrentHashMap<>();
  final Map<String, User> users = new ConcurrentHashMap<>();
  final Map<String, String> userIdsByName = new ConcurrentHashMap<>();
  final Map<String, List<MachineKey>> keysByUser = new ConcurrentHashMap<>();
  final ConcurrentSkipListMap<String, Project> projects = new ConcurrentSkipListMap<>(Ids.NUMERIC);
  final Map<String, ProjectApps> appsByProject = new ConcurrentHashMap<>();
  /** Ecosystems and clients, tombstones included. */
  final ConcurrentSkipListMap<String, Ecosystem> ecosystems = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<String, EcosystemClient> clients = new ConcurrentSkipListMap<>();
  final Map<String, List<ClientToken>> tokensByClient = new ConcurrentHashMap<>();
  final ConcurrentSkipListMap<String, CommerceApplication> commerceApplications = new ConcurrentSkipListMap<>();
  private final EventLog events = new EventLog();

  Tenant(Instance instance) {
    this.instance = instance;
  }

  /** The apps of one project, with the name index that makes app names unique per project. */
  static final class ProjectApps {
    final ConcurrentSkipListMap<String, ApiApp> byId = new ConcurrentSkipListMap<>(Ids.NUMERIC);
    final Map<String, String> idsByName = new ConcurrentHashMap<>();
  }

  /**
   * Appends an event to the aggregate and returns its new sequence: one more than {@code previousSequence}, the
   * sequence the aggregate's record carries (0 for a new aggregate). Call with the tenant's monitor held.
   */
  long append(String aggregateType, String aggregateId, long previousSequence, String type, Change change) {
    long sequence = previousSequence + 1;
    events.add(new StoredEvent(instance.id(), aggregateType, aggregateId, sequence, type, change.at(), change.actorId()));
    return sequence;
  }

  /** A snapshot, taken under the monitor that writers hold. */
  synchronized List<StoredEvent> eventsOf(String aggregateId) {
    return events.of(aggregateId);
  }
}
