package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.appendAll;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.countAll;
import static dev.keygate.store.postgres.PgExecutor.counter;
import static dev.keygate.store.postgres.PgExecutor.event;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.runBatch;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.CredentialChangeFeed;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Instance;
import dev.keygate.store.InstanceStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Instances and their organizations on PostgreSQL. An instance is created with all it starts with in one transaction,
 * and removed with everything it holds (the foreign keys cascade).
 */
record PgInstanceStore(PgExecutor db) implements InstanceStore {

  /** An instance row with its domains, aggregated in their order. */
  private static final String SELECT = """
      SELECT i.*, d.domain_names, d.domain_generated, d.domain_primary \
      FROM instances i, LATERAL (SELECT array_agg(name ORDER BY position) AS domain_names, \
      array_agg(generated ORDER BY position) AS domain_generated, \
      array_agg(is_primary ORDER BY position) AS domain_primary \
      FROM instance_domains WHERE instance_id = i.id) d""";
  private static final String BY_ID = SELECT + " WHERE i.id = $1";
  private static final String BY_DOMAIN =
      SELECT + " WHERE i.id = (SELECT instance_id FROM instance_domains WHERE name = $1)";
  private static final String INSERT = """
      INSERT INTO instances (id, name, first_org_id, created_at, changed_at, sequence) \
      VALUES ($1, $2, $3, $4, $5, $6)""";
  private static final String INSERT_DOMAIN = """
      INSERT INTO instance_domains (name, instance_id, position, generated, is_primary) VALUES ($1, $2, $3, $4, $5)""";
  private static final String INSERT_ORG = """
      INSERT INTO organizations (instance_id, id, name, created_at, changed_at, sequence) \
      VALUES ($1, $2, $3, $4, $4, 1)""";
  private static final Listing ORGS = new Listing("SELECT * FROM organizations", "instance_id = $1", "id");
  private static final String LOCK_FOR_REMOVAL = """
      SELECT 1 FROM instances WHERE id = $1 FOR UPDATE""";
  private static final String DELETE = """
      DELETE FROM instances WHERE id = $1""";
  private static final String DELETE_COUNTERS = """
      DELETE FROM counters WHERE instance_id = $1""";
  private static final Listing ALL = new Listing(SELECT, "true", "i.id");
  private static final String ORG_BY_ID = """
      SELECT * FROM organizations WHERE instance_id = $1 AND id = $2""";

  @Override
  public Future<Instance> createInstance(NewInstance setup) {
    Instance instance = setup.instance();
    User owner = setup.owner();
    long instanceSequence = owner == null ? 1 : 2;
    Instance stored = instance.withChange(instance.changedAt(), instanceSequence);
    return db.writeAnnouncing(Entity.INSTANCE, conn -> {
      List<Tuple> events = new ArrayList<>();
      events.add(event(instance.id(), Aggregate.INSTANCE, instance.id(), 1, EventTypes.INSTANCE_ADDED, setup.change()));
      events.add(event(instance.id(), Aggregate.ORG, setup.firstOrg().id(), 1, EventTypes.ORG_ADDED, setup.change()));
      Future<?> chain = run(conn, INSERT, Tuple.of(instance.id(), instance.name(), instance.firstOrgId(),
          time(instance.createdAt()), time(instance.changedAt()), instanceSequence));
      if (!instance.domains().isEmpty()) {
        List<Tuple> domains = new ArrayList<>();
        for (int i = 0; i < instance.domains().size(); i++) {
          Instance.Domain d = instance.domains().get(i);
          domains.add(Tuple.of(d.name(), instance.id(), (short) i, d.generated(), d.primary()));
        }
        chain = chain.compose(v -> runBatch(conn, INSERT_DOMAIN, domains));
      }
      Organization org = setup.firstOrg();
      chain = chain.compose(v -> run(conn, INSERT_ORG, Tuple.of(instance.id(), org.id(), org.name(),
          time(org.createdAt()))));
      List<Tuple> counters = new ArrayList<>();
      counters.add(counter(CounterScopes.ALL_INSTANCES, CounterScopes.INSTANCES, 1));
      counters.add(counter(instance.id(), CounterScopes.ORGANIZATIONS, 1));
      if (owner != null) {
        chain = withOwner(conn, setup, chain, events, counters);
      }
      return chain
          .compose(v -> appendAll(conn, events))
          .compose(v -> countAll(conn, counters))
          .map(v -> stored);
    }, CredentialChangeFeed.INSTANCES_CHANGED);
  }

  /**
   * Adds the owner's rows to {@code chain}, their events to {@code events} and the listings they join to
   * {@code counters}: the user, its PAT and key if any.
   */
  private static Future<?> withOwner(SqlConnection conn, NewInstance setup, Future<?> chain, List<Tuple> events,
                                     List<Tuple> counters) {
    String instanceId = setup.instance().id();
    User owner = setup.owner();
    Change change = setup.change();
    long userSequence = 1 + (setup.ownerPat() == null ? 0 : 1) + (setup.ownerKey() == null ? 0 : 1);
    events.add(event(instanceId, Aggregate.USER, owner.id(), 1, EventTypes.userAdded(owner.isMachine()), change));
    events.add(event(instanceId, Aggregate.INSTANCE, instanceId, 2, EventTypes.INSTANCE_MEMBER_ADDED, change));
    long seq = 1;
    chain = chain.compose(v -> PgUserStore.insert(conn, owner.withChange(owner.changedAt(), userSequence)));
    counters.add(counter(instanceId, CounterScopes.users(owner.orgId()), 1));
    if (setup.ownerPat() != null) {
      events.add(event(instanceId, Aggregate.USER, owner.id(), ++seq, EventTypes.USER_PAT_ADDED, change));
      chain = chain.compose(v -> PgUserStore.insertPat(conn, setup.ownerPat()));
      counters.add(counter(instanceId, CounterScopes.pats(owner.id()), 1));
    }
    if (setup.ownerKey() != null) {
      events.add(event(instanceId, Aggregate.USER, owner.id(), ++seq, EventTypes.USER_MACHINE_KEY_ADDED, change));
      chain = chain.compose(v -> PgUserStore.insertMachineKey(conn, setup.ownerKey()));
      counters.add(counter(instanceId, CounterScopes.machineKeys(owner.id()), 1));
    }
    return chain;
  }

  @Override
  public Future<Optional<Instance>> instance(String instanceId) {
    return db.readOne(BY_ID, Tuple.of(instanceId), Rows::instance);
  }

  @Override
  public Future<Optional<Instance>> instanceByDomain(String domain) {
    return db.readOne(BY_DOMAIN, Tuple.of(domain), Rows::instance);
  }

  @Override
  public Future<Page<Instance>> instances(PageRequest page) {
    return db.page(ALL, Tuple.tuple(), page, Rows::instance, CounterScopes.ALL_INSTANCES, CounterScopes.INSTANCES);
  }

  @Override
  public Future<Instance> removeInstance(String instanceId, Change change) {
    return db.writeAnnouncing(Entity.INSTANCE, conn -> run(conn, LOCK_FOR_REMOVAL, Tuple.of(instanceId))
        .compose(locked -> {
          if (locked.size() == 0) {
            throw StoreException.notFound(Entity.INSTANCE);
          }
          return run(conn, BY_ID, Tuple.of(instanceId));
        })
        .compose(rows -> {
          Instance instance = single(rows, Rows::instance, Entity.INSTANCE);
          // everything the instance holds goes with it (foreign keys cascade), its events included; the ids it issued
          // stay in issued_ids so that they are never handed out again
          return run(conn, DELETE, Tuple.of(instanceId))
              .compose(v -> run(conn, DELETE_COUNTERS, Tuple.of(instanceId)))
              .compose(v -> count(conn, CounterScopes.ALL_INSTANCES, CounterScopes.INSTANCES, -1))
              .map(v -> instance.withChange(change.at(), instance.sequence() + 1));
        }), instanceId, CredentialChangeFeed.INSTANCES_CHANGED);
  }

  @Override
  public Future<Optional<Organization>> organization(String instanceId, String orgId) {
    return db.readOne(ORG_BY_ID, Tuple.of(instanceId, orgId), Rows::organization);
  }

  @Override
  public Future<Organization> createOrganization(Organization org, Change change) {
    Organization stored = org.withChange(org.createdAt(), 1);
    return db.grouped(Lanes.instance(org.instanceId()), Entity.ORGANIZATION,
        conn -> lockInstance(conn, org.instanceId())
        .compose(v -> run(conn, INSERT_ORG, Tuple.of(org.instanceId(), org.id(), org.name(), time(org.createdAt()))))
        .compose(v -> count(conn, org.instanceId(), CounterScopes.ORGANIZATIONS, 1))
        .compose(v -> append(conn, org.instanceId(), Aggregate.ORG, org.id(), 1, EventTypes.ORG_ADDED, change))
        .map(v -> stored));
  }

  @Override
  public Future<Page<Organization>> organizations(String instanceId, List<TextMatch> names, PageRequest page) {
    Narrowing search = new Narrowing(ORGS, instanceId).matching("name", names);
    if (search.narrowed()) {
      return db.page(search, page, Rows::organization);
    }
    return db.page(ORGS, Tuple.of(instanceId), page, Rows::organization, instanceId, CounterScopes.ORGANIZATIONS);
  }
}
