package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.NOW;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.human;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.pat;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EventTypes;
import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreException.Kind;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writes to one aggregate or lane, which the store coalesces into shared transactions (AggregateBatcher:
 * app creates, Droplit client creates, machine secrets; GroupedWrites: a user's PATs, idempotency claims): each
 * caller still gets the outcome it would get alone, each event its own gap-free sequence, each listing its exact
 * total, and the batching is real. The writes of each test are all issued before the first is answered, so all but
 * the first wait for one batch.
 */
class PgBatchedWritesTest {

  private Vertx vertx;
  private PostgresStoreOptions options;
  private KeygateStore store;
  private NewInstance tenant;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    options = TestPostgres.shared().freshStore();
    store = await(PostgresStore.open(vertx, options));
    tenant = newInstance("batch", nextId() + ".localhost");
    await(store.instances().createInstance(tenant));
  }

  @AfterEach
  void close() {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void duplicateNamesAmongFiftyParallelCreatesFailAloneAndTheRestGetGapFreeSequences() {
    Project project = newProject();
    for (int i = 0; i < 3; i++) {
      await(store.apiApps().createApiApp(app(project, "taken-" + i), CHANGE));
    }
    // 5 names taken before, 5 repeated within the batch, 40 new: exactly one failure per duplicate
    List<String> names = IntStream.range(0, 50).mapToObj(i -> i % 10 == 3 ? "taken-" + (i / 10 % 3)
        : i >= 45 ? "app-" + (i - 40) : "app-" + i).toList();
    List<Future<ApiApp>> creates = names.stream().map(name -> store.apiApps().createApiApp(app(project, name), CHANGE))
        .toList();
    await(Future.join(creates).otherwiseEmpty());

    List<Throwable> failures = creates.stream().filter(Future::failed).map(Future::cause).toList();
    assertThat(failures).hasSize(10).allSatisfy(cause -> assertThat(((StoreException) cause)
        .is(Kind.ALREADY_EXISTS, Entity.API_APP_NAME)).isTrue());
    List<ApiApp> created = creates.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(created).extracting(ApiApp::name).doesNotHaveDuplicates().noneMatch(name -> name.startsWith("taken-"));
    for (int i = 45; i < 50; i++) { // the first create of a repeated name wins, the repeat fails
      assertThat(creates.get(i - 40).succeeded()).isTrue();
      assertThat(creates.get(i).failed()).isTrue();
    }
    // project.added, 3 taken-*, then the 40 in the order of the batch: 1..44 without a gap
    List<StoredEvent> events = await(store.events().events(tenant.instance().id(), project.id()));
    assertThat(events).extracting(StoredEvent::sequence).containsExactlyElementsOf(range(1, 44));
    assertThat(created).extracting(ApiApp::sequence).containsExactlyElementsOf(range(5, 44));
    for (ApiApp app : created) {
      assertThat(events.get((int) app.sequence() - 1).type()).isEqualTo(EventTypes.APP_ADDED);
      assertThat(await(store.apiApps().apiApp(app.instanceId(), app.orgId(), app.projectId(), app.id()))).contains(app);
    }
    assertThat(await(store.projects().project(tenant.instance().id(), tenant.firstOrg().id(), project.id()))
        .orElseThrow()
        .sequence()).isEqualTo(44);
    assertThat(await(store.apiApps().apiApps(tenant.instance().id(), tenant.firstOrg().id(), project.id(),
        PageRequest.first(10))).total()).isEqualTo(43);
  }

  @Test
  void aBatchThatFailsUnexpectedlyIsRetriedOneByOneSoOnlyTheCreateAtFaultFails() {
    Project project = newProject();
    List<ApiApp> apps = new ArrayList<>(IntStream.range(0, 30).mapToObj(i -> app(project, "app-" + i)).toList());
    ApiApp clash = apps.get(20); // a client id another create of the batch holds: no name check foresees that
    apps.set(20, new ApiApp(clash.instanceId(), clash.orgId(), clash.projectId(), clash.id(), clash.name(),
        apps.get(10).clientId(), clash.authMethod(), clash.secretHash(), clash.createdAt(), clash.changedAt(), 0));
    List<Future<ApiApp>> creates = apps.stream().map(app -> store.apiApps().createApiApp(app, CHANGE)).toList();
    await(Future.join(creates).otherwiseEmpty());

    assertThat(creates.stream().filter(Future::failed)).hasSize(1).allSatisfy(failed -> assertThat(
        ((StoreException) failed.cause()).kind()).isEqualTo(Kind.ALREADY_EXISTS));
    assertThat(creates.get(10).failed() || creates.get(20).failed()).isTrue();
    assertThat(await(store.events().events(tenant.instance().id(), project.id()))).extracting(StoredEvent::sequence)
        .containsExactlyElementsOf(range(1, 30));
    assertThat(creates.stream().filter(Future::succeeded).map(created -> created.result().sequence()))
        .containsExactlyInAnyOrderElementsOf(range(2, 30));
  }

  @Test
  void parallelCreatesShareTransactions() {
    Project project = newProject();
    List<Future<ApiApp>> creates = IntStream.range(0, 200)
        .mapToObj(i -> store.apiApps().createApiApp(app(project, "app-" + i), CHANGE)).toList();
    await(Future.all(creates));

    // a row's xmin is the transaction that wrote it: one per create if each were committed alone
    long transactions = sql("SELECT count(DISTINCT xmin::text) FROM api_apps WHERE project_id = $1", project.id());
    assertThat(transactions).isBetween(1L, 20L);
    assertThat(sql("SELECT count(DISTINCT xmin::text) FROM events WHERE aggregate_id = $1 AND sequence > 1",
        project.id())).isEqualTo(transactions);
    assertThat(creates).extracting(created -> created.result().sequence()).containsExactlyInAnyOrderElementsOf(
        range(2, 201));    // the log's positions follow the sequences, within a batch too
    assertThat(await(store.events().events(tenant.instance().id(), project.id())).stream()
        .map(StoredEvent::position).toList()).isSorted();
  }

  @Test
  void aNameCommittedElsewhereWhileTheBatchWaitedFailsAloneAndLeavesNoGap() {
    Project project = newProject();
    PgConnectOptions connect = PgConnectOptions.fromUri(options.uri()).addProperty("search_path", options.schema());
    SqlConnection other = await(PgConnection.connect(vertx, connect));
    try {
      // another process's create of "late", not yet committed: the batch's snapshot cannot see it, its insert waits
      await(other.query("BEGIN").execute());
      await(other.preparedQuery("""
          INSERT INTO api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, secret_hash, \
          created_at, changed_at, sequence) VALUES ($1, $2, $3, $4, 'late', $5, 'BASIC', 'h', now(), now(), 99)""")
          .execute(Tuple.of(project.instanceId(), project.orgId(), project.id(), nextId(), nextId())));
      List<String> names = List.of("first", "b1", "b2", "late", "b3", "b4");
      List<Future<ApiApp>> creates = names.stream()
          .map(name -> store.apiApps().createApiApp(app(project, name), CHANGE)).toList();
      await(creates.get(0)); // alone; the other five are one batch, which now waits for "late"
      String waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
          + "AND query LIKE 'WITH instance AS%unnest%' AND $1 <> ''";
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); sql(waiting, "x") == 0; ) {
        assertThat(System.nanoTime()).as("the batch waits for the other insert").isLessThan(deadline);
      }
      await(other.query("COMMIT").execute());
      await(Future.join(creates).otherwiseEmpty());

      assertFailure(creates.get(3), Kind.ALREADY_EXISTS, Entity.API_APP_NAME);
      assertThat(creates.stream().filter(Future::succeeded)).hasSize(5);
      assertThat(await(store.events().events(tenant.instance().id(), project.id()))).extracting(StoredEvent::sequence)
          .containsExactlyElementsOf(range(1, 6));
      assertThat(creates.stream().filter(Future::succeeded).map(created -> created.result().sequence()))
          .containsExactlyInAnyOrderElementsOf(range(2, 6));
    } finally {
      await(other.close());
    }
  }

  @Test
  void parallelCreatesOnAMissingProjectOrInstanceAllFailNotFound() {
    Project missing = project(tenant.instance().id(), tenant.firstOrg().id(), "never created");
    Project elsewhere = newProject();
    Project otherOrg = new Project(elsewhere.instanceId(), nextId(), elsewhere.id(), "p", false, false, false,
        elsewhere.createdAt(), elsewhere.changedAt(), 0);
    Project noInstance = project(nextId(), nextId(), "nowhere");

    assertAllFail(IntStream.range(0, 20).mapToObj(i -> store.apiApps().createApiApp(app(missing, "a" + i), CHANGE))
        .toList(),
        Kind.NOT_FOUND, Entity.PROJECT);
    assertAllFail(IntStream.range(0, 20).mapToObj(i -> store.apiApps().createApiApp(app(otherOrg, "a" + i), CHANGE))
        .toList(),
        Kind.NOT_FOUND, Entity.PROJECT);
    assertAllFail(IntStream.range(0, 20).mapToObj(i -> store.apiApps().createApiApp(app(noInstance, "a" + i), CHANGE))
        .toList(), Kind.NOT_FOUND, Entity.INSTANCE);
    assertThat(await(store.events().events(tenant.instance().id(), elsewhere.id()))).hasSize(1);
  }

  @Test
  void parallelSecretChangesOfOneUserApplyInOrderEachWithItsOwnSequenceAndFailureAndAreAnnounced()
      throws Exception {
    String instanceId = tenant.instance().id();
    String orgId = tenant.firstOrg().id();
    User svc = await(store.users().createUser(machine(instanceId, orgId, "svc", Set.of()), CHANGE));
    User holder = await(store.users().createUser(machine(instanceId, orgId, "holder", Set.of()), CHANGE));
    await(store.users().setMachineSecret(instanceId, orgId, holder.id(), "held", CHANGE));
    KeygateStore other = await(PostgresStore.open(vertx, options));
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    other.changeFeed().onCredentialChange(heard::add);

    List<String> hashes = new ArrayList<>(List.of("h1", "", "", "held", "h2", "wrong-org", "", ""));
    IntStream.range(0, 100).forEach(i -> hashes.add("h-" + i));
    List<Future<User>> changes = hashes.stream().map(hash -> store.users().setMachineSecret(instanceId,
        hash.equals("wrong-org") ? nextId() : orgId, svc.id(), hash.isEmpty() ? null : hash, CHANGE)).toList();
    await(Future.join(changes).otherwiseEmpty());

    // what they would give one after the other: removing twice finds no secret the second time, and so on
    assertFailure(changes.get(2), Kind.NOT_FOUND, Entity.SECRET);
    assertFailure(changes.get(3), Kind.ALREADY_EXISTS, Entity.USER);
    assertFailure(changes.get(5), Kind.NOT_FOUND, Entity.USER);
    assertFailure(changes.get(7), Kind.NOT_FOUND, Entity.SECRET);
    List<User> applied = changes.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(applied).hasSize(104).extracting(User::sequence).containsExactlyElementsOf(range(2, 105));
    assertThat(applied).extracting(User::secretHash).containsExactlyElementsOf(expectedHashes(hashes));
    List<StoredEvent> events = await(store.events().events(instanceId, svc.id()));
    assertThat(events).extracting(StoredEvent::sequence).containsExactlyElementsOf(range(1, 105));
    assertThat(events.subList(1, 5)).extracting(StoredEvent::type).containsExactly(EventTypes.USER_MACHINE_SECRET_SET,
        EventTypes.USER_MACHINE_SECRET_REMOVED, EventTypes.USER_MACHINE_SECRET_SET,
        EventTypes.USER_MACHINE_SECRET_REMOVED);
    assertThat(await(store.users().user(instanceId, svc.id())).orElseThrow())
        .isEqualTo(applied.get(applied.size() - 1));
    assertThat(await(store.credentials().machineUserBySecretHash("h-99"))).contains(applied.get(applied.size() - 1));
    assertThat(sql("SELECT count(DISTINCT xmin::text) FROM events WHERE aggregate_id = $1 AND sequence > 1",
        svc.id())).isBetween(1L, 20L);
    String id; // the other store may first tell "*", on subscribing
    do {
      id = heard.poll(5, TimeUnit.SECONDS);
    } while (id != null && !id.equals(svc.id()));
    assertThat(id).as("the other store was told").isEqualTo(svc.id());
    await(other.close());
  }

  @Test
  void parallelSecretChangesOfAMissingUserOrAHumanAllFailAsAlone() {
    String instanceId = tenant.instance().id();
    String orgId = tenant.firstOrg().id();
    User ada = await(store.users().createUser(human(instanceId, orgId, "ada"), CHANGE));
    String nobody = nextId();

    assertAllFail(IntStream.range(0, 20).mapToObj(i -> store.users().setMachineSecret(instanceId, orgId, nobody, "x"
        + i,
        CHANGE)).toList(), Kind.NOT_FOUND, Entity.USER);
    assertAllFail(IntStream.range(0, 20).mapToObj(i -> store.users().setMachineSecret(instanceId, orgId, ada.id(), "y"
        + i,
        CHANGE)).toList(), Kind.PRECONDITION_FAILED, Entity.USER);
    assertAllFail(IntStream.range(0, 20).mapToObj(i -> store.users().setMachineSecret(nextId(), orgId, ada.id(), "z"
        + i,
        CHANGE)).toList(), Kind.NOT_FOUND, Entity.INSTANCE);
    assertThat(await(store.events().events(instanceId, ada.id()))).hasSize(1);
  }

  @Test
  void parallelClientCreatesOfOneEcosystemShareCommitsAndEachIsCountedWithItsEvent() {
    Ecosystem ecosystem = newEcosystem();
    List<Future<EcosystemClient>> creates = IntStream.range(0, 200).mapToObj(i -> store.ecosystemClients()
        .createClient(client(ecosystem), CHANGE)).toList();
    await(Future.all(creates));

    assertThat(await(store.ecosystemClients().clients(tenant.instance().id(), ecosystem.id(), PageRequest.first(10)))
        .total()).isEqualTo(200);
    for (Future<EcosystemClient> created : creates) {
      assertThat(await(store.events().events(tenant.instance().id(), created.result().id())))
          .extracting(StoredEvent::type).containsExactly(EventTypes.CLIENT_ADDED);
    }
    // a row's xmin is the transaction that wrote it: 200 if each create were committed alone
    assertThat(sql("SELECT count(DISTINCT xmin::text) FROM clients WHERE ecosystem_id = $1", ecosystem.id()))
        .isBetween(1L, 40L);
  }

  @Test
  void aClientCreateOnAMissingEcosystemFailsAloneAmongParallelOnes() {
    Ecosystem ecosystem = newEcosystem();
    List<Future<EcosystemClient>> creates = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      creates.add(store.ecosystemClients().createClient(client(ecosystem), CHANGE));
    }
    Future<EcosystemClient> lost = store.ecosystemClients().createClient(new EcosystemClient(tenant.instance().id(),
        nextId(), nextId(), "server", "lost", null, NOW, NOW, null, 0), CHANGE);
    await(Future.join(creates).otherwiseEmpty());
    await(lost.otherwiseEmpty());

    assertThat(creates).allSatisfy(created -> assertThat(created.succeeded()).isTrue());
    assertFailure(lost, Kind.NOT_FOUND, Entity.ECOSYSTEM);
    assertThat(await(store.ecosystemClients().clients(tenant.instance().id(), ecosystem.id(), PageRequest.first(10)))
        .total()).isEqualTo(30);
  }

  @Test
  void aClientIdIssuedBeforeFailsAloneAmongParallelCreatesOfItsEcosystem() {
    Ecosystem ecosystem = newEcosystem();
    EcosystemClient taken = await(store.ecosystemClients().createClient(client(ecosystem), CHANGE));
    List<EcosystemClient> clients = new ArrayList<>(IntStream.range(0, 40).mapToObj(i -> client(ecosystem)).toList());
    clients.set(25, new EcosystemClient(ecosystem.instanceId(), ecosystem.id(), taken.id(), "server", "again", null,
        NOW, NOW, null, 0));
    List<Future<EcosystemClient>> creates = clients.stream().map(client -> store.ecosystemClients()
        .createClient(client, CHANGE)).toList();
    await(Future.join(creates).otherwiseEmpty());

    assertFailure(creates.get(25), Kind.ALREADY_EXISTS, Entity.CLIENT);
    assertThat(creates.stream().filter(Future::succeeded)).hasSize(39);
    assertThat(await(store.ecosystemClients().clients(tenant.instance().id(), ecosystem.id(), PageRequest.first(10)))
        .total()).isEqualTo(40);
  }

  @Test
  void parallelClientCreatesOnARemovedEcosystemAllFailNotFound() {
    Ecosystem ecosystem = newEcosystem();
    await(store.ecosystems().removeEcosystem(ecosystem.instanceId(), ecosystem.id(), CHANGE));
    List<Future<EcosystemClient>> creates = IntStream.range(0, 20).mapToObj(i -> store.ecosystemClients()
        .createClient(client(ecosystem), CHANGE)).toList();
    await(Future.join(creates).otherwiseEmpty());

    assertThat(creates).allSatisfy(created -> assertFailure(created, Kind.NOT_FOUND, Entity.ECOSYSTEM));
  }

  @Test
  void parallelTokensOfOneUserGetGapFreeSequencesAndADuplicateFailsAlone() {
    User bot = await(store.users().createUser(machine(tenant.instance().id(), tenant.firstOrg().id(), "bot",
        Set.of()), CHANGE));
    List<PersonalAccessToken> pats = new ArrayList<>(IntStream.range(0, 60).mapToObj(i -> pat(bot)).toList());
    PersonalAccessToken copied = pats.get(10); // the same hash twice: the unique key refuses the second
    pats.set(40, new PersonalAccessToken(bot.instanceId(), bot.id(), nextId(), copied.tokenHash(), copied.expiresAt(),
        copied.createdAt()));
    List<Future<User>> adds = pats.stream().map(pat -> store.users().addPersonalAccessToken(pat, CHANGE)).toList();
    await(Future.join(adds).otherwiseEmpty());

    assertThat(adds.stream().filter(Future::failed)).hasSize(1).allSatisfy(failed -> assertThat(
        ((StoreException) failed.cause()).kind()).isEqualTo(Kind.ALREADY_EXISTS));
    assertThat(adds.get(10).failed() || adds.get(40).failed()).isTrue();
    assertThat(adds.stream().filter(Future::succeeded).map(added -> added.result().sequence()))
        .containsExactlyInAnyOrderElementsOf(range(2, 60));
    assertThat(await(store.events().events(bot.instanceId(), bot.id()))).extracting(StoredEvent::sequence)
        .containsExactlyElementsOf(range(1, 60));
    assertThat(await(store.users().personalAccessTokens(bot.instanceId(), bot.id(), PageRequest.first(10))).total())
        .isEqualTo(59);
  }

  @Test
  void parallelTokensOfOneUserShareCommits() {
    User bot = await(store.users().createUser(machine(tenant.instance().id(), tenant.firstOrg().id(), "bot",
        Set.of()), CHANGE));
    List<Future<User>> adds = IntStream.range(0, 100).mapToObj(i -> store.users().addPersonalAccessToken(pat(bot),
        CHANGE)).toList();
    await(Future.all(adds));

    assertThat(sql("SELECT count(DISTINCT xmin::text) FROM events WHERE aggregate_id = $1 AND sequence > 1",
        bot.id())).isBetween(1L, 20L);
    assertThat(adds).extracting(added -> added.result().sequence()).containsExactlyInAnyOrderElementsOf(
        range(2, 101));
  }

  @Test
  void ofParallelClaimsOnlyTheFirstOfAKeyWinsAndTheOthersSeeIt() {
    List<IdempotencyRecord> pending = new ArrayList<>(IntStream.range(0, 60).mapToObj(i -> pending("key-" + i))
        .toList());
    pending.add(pending("key-7")); // a second claim of key-7, queued behind the first
    List<Future<Optional<IdempotencyRecord>>> claims = pending.stream().map(record -> store.idempotency()
        .claimIdempotencyKey(record, NOW)).toList();
    await(Future.all(claims));

    for (int i = 0; i < 60; i++) {
      assertThat(claims.get(i).result()).as("claim %d", i).isEmpty();
    }
    assertThat(claims.get(60).result()).hasValueSatisfying(live -> assertThat(live.leaseId())
        .isEqualTo(pending.get(7).leaseId()));
    List<Future<Boolean>> answers = pending.subList(0, 60).stream().map(record -> store.idempotency()
        .completeIdempotencyKey(record.id(), record.leaseId(), new byte[] {1})).toList();
    await(Future.all(answers));
    assertThat(answers).allSatisfy(answered -> assertThat(answered.result()).isTrue());
    assertThat(sql("SELECT count(DISTINCT xmin::text) FROM idempotency_keys WHERE instance_id = $1",
        tenant.instance().id())).isBetween(1L, 30L);
  }

  private IdempotencyRecord pending(String key) {
    return new IdempotencyRecord(tenant.instance().id() + "/" + key, tenant.instance().id(), "hash", nextId(),
        NOW.plus(Duration.ofMinutes(1)), null, NOW.plus(Duration.ofHours(1)));
  }

  private Ecosystem newEcosystem() {
    return await(store.ecosystems().createEcosystem(new Ecosystem(tenant.instance().id(), nextId(), "{}", null, NOW,
        NOW, null, 0), CHANGE));
  }

  private EcosystemClient client(Ecosystem ecosystem) {
    return new EcosystemClient(ecosystem.instanceId(), ecosystem.id(), nextId(), "server", "c", null, NOW, NOW, null,
        0);
  }

  private static List<String> expectedHashes(List<String> hashes) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      if (!List.of(2, 3, 5, 7).contains(i)) {
        expected.add(hashes.get(i).isEmpty() ? null : hashes.get(i));
      }
    }
    return expected;
  }

  private Project newProject() {
    return await(store.projects().createProject(project(tenant.instance().id(), tenant.firstOrg().id(), "p"), CHANGE));
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  private static void assertFailure(Future<?> future, Kind kind, Entity entity) {
    assertThat(future.failed()).as("failed").isTrue();
    assertThat(((StoreException) future.cause()).is(kind, entity)).as(future.cause().toString()).isTrue();
  }

  private static void assertAllFail(List<? extends Future<?>> futures, Kind kind, Entity entity) {
    await(Future.join(futures).otherwiseEmpty());
    futures.forEach(future -> assertFailure(future, kind, entity));
  }

  /** One number from the store's schema, read on a connection of its own. */
  private long sql(String query, String parameter) {
    PgConnectOptions connect = PgConnectOptions.fromUri(options.uri()).addProperty("search_path", options.schema());
    Pool pool = PgBuilder.pool().connectingTo(connect).using(vertx).build();
    try {
      return await(pool.preparedQuery(query).execute(Tuple.of(parameter))).iterator().next().getLong(0);
    } finally {
      await(pool.close());
    }
  }
}
