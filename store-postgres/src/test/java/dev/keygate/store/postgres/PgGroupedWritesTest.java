package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.NOW;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.machine;
import static dev.keygate.store.StoreFixtures.newInstance;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.pat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EventTypes;
import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
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
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes coalesced per lane (Droplit clients of one ecosystem by PgClientCreates; a user's PATs and idempotency claims
 * by GroupedWrites): issued
 * all at once, they share transactions, and each caller still gets what it would get alone, each event its own
 * gap-free sequence, each listing its exact total.
 */
class PgGroupedWritesTest {

  private Vertx vertx;
  private PostgresStoreOptions options;
  private KeygateStore store;
  private NewInstance tenant;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    options = TestPostgres.shared().freshStore();
    store = await(PostgresStore.open(vertx, options));
    tenant = newInstance("grouped", nextId() + ".localhost");
    await(store.instances().createInstance(tenant));
  }

  @AfterEach
  void close() {
    await(store.close());
    await(vertx.close());
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

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  private static void assertFailure(Future<?> future, Kind kind, Entity entity) {
    assertThat(future.failed()).as("failed").isTrue();
    assertThat(((StoreException) future.cause()).is(kind, entity)).as(future.cause().toString()).isTrue();
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
