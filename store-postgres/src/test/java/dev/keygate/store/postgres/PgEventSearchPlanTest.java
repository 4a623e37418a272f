package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.EventQuery;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The event search stays one index walk however long the log: on a log of 200,000 events of 20 instances, a page
 * (first or after a cursor, either order) reads {@code events_instance_position} and sorts nothing, with the plan
 * PostgreSQL makes for the values (its first executions of a statement) and with the generic plan it may switch to
 * after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgEventSearchPlanTest {

  private Vertx vertx;
  private KeygateStore store;
  private Pool pool;
  private PostgresStoreOptions options;

  @BeforeAll
  void fillTheLog() {
    vertx = Vertx.vertx();
    options = TestPostgres.shared().freshStore();
    store = await(PostgresStore.open(vertx, options)); // migrates the schema
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(options.uri()).addProperty("search_path", options.schema()))
        .using(vertx).build();
    await(pool.query("INSERT INTO instances SELECT 'i' || n, 'tenant', 'o', now(), now(), 1 "
        + "FROM generate_series(1, 20) n").execute());
    await(pool.query("INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, "
        + "actor_id) SELECT 'i' || (n % 20 + 1), 'agg' || (n / 20 % 500), n, 'project', 'project.added', "
        + "now() - (200000 - n) * interval '1 second', 'actor' FROM generate_series(1, 200000) n").execute());
    await(pool.query("ANALYZE events").execute());
  }

  @AfterAll
  void close() {
    await(pool.close());
    await(store.close());
    await(vertx.close());
  }

  private String plan(EventQuery query, boolean generic) {
    Tuple params = Tuple.of("i7");
    String sql = PgEventStore.statement(query, params);
    return await(pool.withConnection(conn -> conn
        .query("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan")).execute()
        .compose(v -> conn.preparedQuery("EXPLAIN " + sql).execute(params))
        .map(rows -> {
          StringBuilder text = new StringBuilder();
          for (Row row : rows) {
            text.append(row.getString(0)).append('\n');
          }
          return text.toString();
        })));
  }

  @Test
  void aPageIsOneWalkOfTheInstancesPositionIndex() {
    for (EventQuery query : List.of(EventQuery.newestFirst(100), EventQuery.newestFirst(100).after(150_000),
        EventQuery.newestFirst(1000).oldestFirst(), EventQuery.newestFirst(100).oldestFirst().after(1_000))) {
      for (boolean generic : List.of(false, true)) {
        String plan = plan(query, generic);
        assertThat(plan).as("%s, %s plan", query, generic ? "generic" : "custom")
            .contains("events_instance_position").doesNotContain("Sort");
      }
    }
  }

  @Test
  void theAnswerIsTheInstancesNewestEvents() {
    List<Long> positions = await(store.events().search("i7", EventQuery.newestFirst(3))).stream()
        .map(found -> found.event().position()).toList();

    Row newest = await(pool.query("SELECT max(position) AS p FROM events WHERE instance_id = 'i7'").execute())
        .iterator().next();
    assertThat(positions).hasSize(3).first().isEqualTo(newest.getLong("p"));
    assertThat(positions).isSortedAccordingTo((a, b) -> Long.compare(b, a));
  }
}
