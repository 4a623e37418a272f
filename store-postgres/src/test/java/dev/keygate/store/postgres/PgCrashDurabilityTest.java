package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
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
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller is answered only once its write is durable, batched or not: PostgreSQL crashes (pg_ctl stop -m immediate,
 * no checkpoint, what is not on disk is lost) in the middle of parallel creates on one project and Droplit client
 * creates on one ecosystem (AggregateBatcher), PATs of one user and idempotency claims and answers (GroupedWrites),
 * and after recovery every write that was answered with success is there with its event, sequences are gap-free and
 * totals exact.
 */
class PgCrashDurabilityTest {

  private static final int CALLERS = 64;
  /**
   * Of the callers, these many create Droplit clients, as many add PATs and as many claim and answer idempotency
   * keys; the others create apps.
   */
  private static final int GROUPED_CALLERS = 12;

  @Test
  void everyAcknowledgedCreateSurvivesACrashOfTheServer(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestPostgres server = TestPostgres.dedicatedDurable(data.resolve("pg"))) {
      PostgresStoreOptions options = PostgresStoreOptions.of(server.uri()).withPoolSize(16).withTimeoutMs(5_000);
      KeygateStore store = await(PostgresStore.open(vertx, options));
      NewInstance setup = newInstance("crash", nextId() + ".localhost");
      await(store.instances().createInstance(setup));
      Project project = await(store.projects().createProject(project(setup.instance().id(), setup.firstOrg().id(), "p"),
          CHANGE));

      Ecosystem ecosystem = await(store.ecosystems().createEcosystem(new Ecosystem(setup.instance().id(), nextId(),
          "{}", null, CHANGE.at(), CHANGE.at(), null, 0), CHANGE));
      User bot = await(store.users().createUser(machine(setup.instance().id(), setup.firstOrg().id(), "bot", Set.of()),
          CHANGE));

      Queue<ApiApp> acknowledged = new ConcurrentLinkedQueue<>();
      Queue<EcosystemClient> clients = new ConcurrentLinkedQueue<>();
      Queue<PersonalAccessToken> pats = new ConcurrentLinkedQueue<>();
      Queue<String> idempotencyAnswers = new ConcurrentLinkedQueue<>();
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch stopped = new CountDownLatch(CALLERS);
      for (int i = 0; i < CALLERS; i++) {
        int caller = i;
        vertx.getOrCreateContext().runOnContext(v -> {
          if (caller < GROUPED_CALLERS) {
            untilFailure(() -> store.ecosystemClients().createClient(new EcosystemClient(ecosystem.instanceId(),
                ecosystem.id(), nextId(), "server", "c", null, CHANGE.at(), CHANGE.at(), null, 0), CHANGE), clients,
                failures, stopped);
          } else if (caller < 2 * GROUPED_CALLERS) {
            untilFailure(() -> {
              PersonalAccessToken pat = pat(bot);
              return store.users().addPersonalAccessToken(pat, CHANGE).map(user -> pat);
            }, pats, failures, stopped);
          } else if (caller < 3 * GROUPED_CALLERS) {
            untilFailure(() -> claimAndAnswer(store, setup.instance().id()), idempotencyAnswers, failures, stopped);
          } else {
            untilFailure(() -> store.apiApps().createApiApp(app(project, "app-" + nextId()), CHANGE), acknowledged,
                failures, stopped);
          }
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((acknowledged.size() < 500 || clients.size() < 200 || pats.size() < 200 || idempotencyAnswers.size() < 200)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      server.crash(); // with every caller's next create in flight
      assertThat(stopped.await(30, TimeUnit.SECONDS)).as("every caller saw the crash").isTrue();
      await(store.close());
      assertThat(failures).isNotEmpty().allSatisfy(cause -> assertThat(((StoreException) cause).kind())
          .isEqualTo(StoreException.Kind.UNAVAILABLE));
      List<ApiApp> answered = List.copyOf(acknowledged);
      assertThat(answered).hasSizeGreaterThanOrEqualTo(500);
      List<EcosystemClient> answeredClients = List.copyOf(clients);
      List<PersonalAccessToken> answeredPats = List.copyOf(pats);
      List<String> answeredKeys = List.copyOf(idempotencyAnswers);
      assertThat(answeredKeys).hasSizeGreaterThanOrEqualTo(200);
      assertThat(answeredClients).hasSizeGreaterThanOrEqualTo(200);
      assertThat(answeredPats).hasSizeGreaterThanOrEqualTo(200);

      server.start(); // recovers from the write-ahead log
      KeygateStore reopened = await(PostgresStore.open(vertx, options));
      Map<Long, StoredEvent> events = await(reopened.events().events(setup.instance().id(), project.id())).stream()
          .collect(Collectors.toMap(StoredEvent::sequence, Function.identity()));
      for (ApiApp app : answered) {
        assertThat(await(reopened.apiApps().apiApp(app.instanceId(), app.orgId(), app.projectId(), app.id())))
            .contains(app);
        assertThat(events.get(app.sequence())).isNotNull()
            .satisfies(event -> assertThat(event.type()).isEqualTo(EventTypes.APP_ADDED));
      }
      // what was committed but not answered before the crash is whole too: no sequence lost, every app counted
      long sequence = await(reopened.projects().project(setup.instance().id(), setup.firstOrg().id(), project.id()))
          .orElseThrow().sequence();
      assertThat(events.keySet()).hasSize((int) sequence).allSatisfy(s -> assertThat(s).isBetween(1L, sequence));
      assertThat(await(reopened.apiApps().apiApps(setup.instance().id(), setup.firstOrg().id(), project.id(),
          PageRequest.first(1))).total()).isEqualTo(sequence - 1);

      for (EcosystemClient client : answeredClients) {
        assertThat(await(reopened.ecosystemClients().client(client.instanceId(), client.id())).value())
            .isNotNull();
        assertThat(await(reopened.events().events(client.instanceId(), client.id()))).hasSize(1);
      }
      List<EcosystemClient> storedClients = all(page -> reopened.ecosystemClients().clients(ecosystem.instanceId(),
          ecosystem.id(), page));
      assertThat(storedClients.size()).isGreaterThanOrEqualTo(answeredClients.size());
      assertThat(await(reopened.ecosystemClients().clients(ecosystem.instanceId(), ecosystem.id(),
          PageRequest.first(1))).total()).isEqualTo(storedClients.size());

      Set<String> stored = all(page -> reopened.users().personalAccessTokens(bot.instanceId(), bot.id(), page))
          .stream().map(PersonalAccessToken::id).collect(Collectors.toSet());
      assertThat(stored).containsAll(answeredPats.stream().map(PersonalAccessToken::id).toList());
      long botSequence = await(reopened.users().user(bot.instanceId(), bot.id())).orElseThrow().sequence();
      assertThat(await(reopened.events().events(bot.instanceId(), bot.id()))).extracting(StoredEvent::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, botSequence).boxed().toList());
      assertThat(botSequence).isEqualTo(stored.size() + 1);

      // a claim commits without waiting for its flush, its answer with: every answer given survived
      for (String key : answeredKeys) {
        assertThat(await(reopened.idempotency().idempotencyRecord(key))).as(key)
            .hasValueSatisfying(record -> assertThat(record.answer()).containsExactly(7));
      }
      await(reopened.close());
    } finally {
      await(vertx.close());
    }
  }

  /** Claims a fresh idempotency key and answers it; succeeds with the key once the answer is stored. */
  private static Future<String> claimAndAnswer(KeygateStore store, String instanceId) {
    IdempotencyRecord pending = new IdempotencyRecord(instanceId + "/" + nextId(), instanceId, "hash", nextId(),
        CHANGE.at().plus(Duration.ofMinutes(1)), null, CHANGE.at().plus(Duration.ofHours(1)));
    return store.idempotency().claimIdempotencyKey(pending, CHANGE.at())
        .compose(lost -> store.idempotency().completeIdempotencyKey(pending.id(), pending.leaseId(), new byte[] {7}))
        .compose(completed -> completed ? Future.succeededFuture(pending.id())
            : Future.failedFuture(new IllegalStateException("the answer was not stored")));
  }

  /** Every item of a listing, page after page. */
  private static <T> List<T> all(Function<PageRequest, Future<Page<T>>> listing) {
    List<T> items = new ArrayList<>();
    Page<T> page;
    do {
      page = await(listing.apply(new PageRequest(null, items.size(), PageRequest.MAX_LIMIT, true)));
      items.addAll(page.items());
    } while (!page.items().isEmpty() && items.size() < page.total());
    return items;
  }

  /** One caller: its next write as soon as the last one is answered, until one fails. */
  private static <T> void untilFailure(Supplier<Future<T>> write, Queue<T> acknowledged, Queue<Throwable> failures,
                                       CountDownLatch stopped) {
    write.get().onComplete(written -> {
      if (written.succeeded()) {
        acknowledged.add(written.result());
        untilFailure(write, acknowledged, failures, stopped);
      } else {
        failures.add(written.cause());
        stopped.countDown();
      }
    });
  }
}
