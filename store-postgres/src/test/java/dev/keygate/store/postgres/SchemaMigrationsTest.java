package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

  private Vertx vertx;
  private Pool pool;
  private final String schema = TestPostgres.newSchemaName();

  @BeforeEach
  void connect() {
    vertx = Vertx.vertx();
    pool = pool();
  }

  private Pool pool() {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(PgConnectOptions.fromUri(TestPostgres.shared().uri())).using(vertx).build();
  }

  @AfterEach
  void close() {
    await(pool.close());
    await(vertx.close());
  }

  private SchemaMigrations withExtra(String fileName, String sql) {
    List<SchemaMigrations.Migration> list = new ArrayList<>(SchemaMigrations.bundled().migrations());
    list.add(SchemaMigrations.migration(fileName, sql));
    return new SchemaMigrations(list);
  }

  @Test
  void appliesEachMigrationOnceAndRecordsItsChecksum() {
    SchemaMigrations bundled = SchemaMigrations.bundled();

    assertThat(await(bundled.apply(pool, schema))).isEqualTo(bundled.migrations().size());
    assertThat(await(bundled.apply(pool, schema))).isZero();
    assertThat(await(withExtra("V99__later_change.sql", "CREATE TABLE later (id int)").apply(pool, schema)))
        .isEqualTo(1);
    var rows = await(pool.preparedQuery("SELECT version, checksum FROM " + schema
        + ".keygate_migrations ORDER BY version").execute());
    assertThat(rows.size()).isEqualTo(bundled.migrations().size() + 1);
    assertThat(rows.iterator().next().getString("checksum")).isEqualTo(bundled.migrations().get(0).checksum());
  }

  @Test
  void refusesToStartWhenAnAppliedMigrationWasModified() {
    await(withExtra("V99__later_change.sql", "CREATE TABLE later (id int)").apply(pool, schema));

    SchemaMigrations edited = withExtra("V99__later_change.sql", "CREATE TABLE later (id bigint)");
    assertThatThrownBy(() -> await(edited.apply(pool, schema)))
        .isInstanceOf(SchemaMigrations.MigrationException.class)
        .hasMessageContaining("V99").hasMessageContaining("changed after it was applied");
  }

  @Test
  void refusesADatabaseMigratedByANewerKeygate() {
    await(withExtra("V99__later_change.sql", "CREATE TABLE later (id int)").apply(pool, schema));

    assertThatThrownBy(() -> await(SchemaMigrations.bundled().apply(pool, schema)))
        .isInstanceOf(SchemaMigrations.MigrationException.class).hasMessageContaining("newer version");
  }

  @Test
  void processesStartingTogetherApplyTheMigrationsExactlyOnce() {
    List<Pool> pools = List.of(pool(), pool(), pool());
    try {
      List<Future<Integer>> starts = pools.stream().map(p -> SchemaMigrations.bundled().apply(p, schema)).toList();
      await(Future.all(starts));
      int applied = starts.stream().mapToInt(Future::result).sum();
      assertThat(applied).isEqualTo(SchemaMigrations.bundled().migrations().size());
    } finally {
      pools.forEach(p -> await(p.close()));
    }
  }

  @Test
  void aFailingMigrationLeavesNothingBehind() {
    SchemaMigrations broken = withExtra("V99__broken.sql", "CREATE TABLE half (id int); SELECT no_such_column;");

    assertThatThrownBy(() -> await(broken.apply(pool, schema)))
        .isInstanceOf(SchemaMigrations.MigrationException.class)
        .hasMessageContaining("migration V99 (broken) failed")
        .hasMessageContaining("no_such_column");
    var tables = await(pool.preparedQuery("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1")
        .execute(Tuple.of(schema)));
    assertThat(tables.iterator().next().getLong("n")).isZero();
  }

  /** V7 adds listing counters: a database with rows already in it gets their totals. */
  @Test
  void v7CountsTheListingsOfRowsWrittenBeforeIt() {
    await(upTo(6).apply(pool, schema));
    String user = "INSERT INTO %s.users (instance_id, org_id, id, kind, user_name, email_verified, roles, created_at, "
        + "changed_at, sequence) VALUES ('i1', 'o1', '%s', 'MACHINE', '%s', false, '{}', now(), now(), 1)";
    for (String sql : List.of(
        "INSERT INTO %s.instances VALUES ('i1', 'one', 'o1', now(), now(), 1)",
        "INSERT INTO %s.organizations VALUES ('i1', 'o1', 'one', now(), 1)",
        user.formatted("%s", "u1", "svc"),
        user.formatted("%s", "u2", "other"),
        "INSERT INTO %s.personal_access_tokens VALUES ('h1', 'i1', 'u1', 'p1', now(), now())",
        "INSERT INTO %s.personal_access_tokens VALUES ('h2', 'i1', 'u1', 'p2', now(), now())",
        "INSERT INTO %s.machine_keys VALUES ('i1', 'u2', 'k1', 'KEY_TYPE_JSON', 'pem', now(), now())",
        "INSERT INTO %s.projects VALUES ('i1', 'o1', 'pr1', 'p', false, false, false, now(), now(), 1)",
        "INSERT INTO %s.api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, created_at, "
            + "changed_at, sequence) VALUES ('i1', 'o1', 'pr1', 'a1', 'api', 'c1', 'BASIC', now(), now(), 1)",
        "INSERT INTO %s.api_app_keys VALUES ('ak1', 'i1', 'o1', 'pr1', 'a1', 'pem', now(), now())",
        "INSERT INTO %s.api_app_keys VALUES ('ak2', 'i1', 'o1', 'pr1', 'a1', 'pem', now(), now())",
        "INSERT INTO %s.api_app_keys VALUES ('ak3', 'i1', 'o1', 'pr1', 'a1', 'pem', now(), now())")) {
      await(pool.query(sql.formatted(schema)).execute());
    }

    assertThat(await(upTo(7).apply(pool, schema))).isEqualTo(1);

    Map<String, Long> counters = new TreeMap<>();
    await(pool.query("SELECT scope, n FROM " + schema + ".counters WHERE instance_id = 'i1'").execute())
        .forEach(row -> counters.put(row.getString("scope"), row.getLong("n")));
    assertThat(counters).isEqualTo(Map.of("organizations", 1L, "users/o1", 2L, "pats/u1", 2L, "machine-keys/u2", 1L,
        "app-keys/a1", 3L));
  }

  /**
   * V8 gives organizations a change date: a row written before it takes the instant of the event of its current
   * sequence (here a member added after the organization), one without such an event its creation.
   */
  @Test
  void v8DatesAnOrganizationsLatestEvent() {
    await(upTo(7).apply(pool, schema));
    for (String sql : List.of(
        "INSERT INTO %s.instances VALUES ('i1', 'one', 'o1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1)",
        "INSERT INTO %s.organizations VALUES ('i1', 'o1', 'one', '2026-01-01T00:00:00Z', 2)",
        "INSERT INTO %s.organizations VALUES ('i1', 'o2', 'two', '2026-01-03T00:00:00Z', 1)",
        "INSERT INTO %s.events VALUES ('i1', 'o1', 1, 'org', 'org.added', '2026-01-01T00:00:00Z', 'a')",
        "INSERT INTO %s.events VALUES ('i1', 'o1', 2, 'org', 'org.member.added', '2026-01-02T00:00:00Z', 'a')")) {
      await(pool.query(sql.formatted(schema)).execute());
    }

    assertThat(await(upTo(8).apply(pool, schema))).isEqualTo(1);

    Map<String, Instant> changed = new TreeMap<>();
    await(pool.query("SELECT id, changed_at FROM " + schema + ".organizations").execute())
        .forEach(row -> changed.put(row.getString("id"), row.getOffsetDateTime("changed_at").toInstant()));
    assertThat(changed).isEqualTo(Map.of("o1", Instant.parse("2026-01-02T00:00:00Z"),
        "o2", Instant.parse("2026-01-03T00:00:00Z")));
  }

  /**
   * V10 numbers the event log: events written before it by creation time (then aggregate and sequence), whatever
   * order their rows lie in; events written after it continue from the highest number.
   */
  @Test
  void v10NumbersEarlierEventsByCreationTimeAndLaterOnesAfterThem() {
    await(upTo(9).apply(pool, schema));
    await(pool.query(("INSERT INTO %s.instances VALUES ('i1', 'one', 'o1', '2026-01-01T00:00:00Z', "
        + "'2026-01-01T00:00:00Z', 1)").formatted(schema)).execute());
    String event = "INSERT INTO %s.events VALUES ('i1', '%s', %d, 'org', 'org.added', '%s', 'a')";
    for (String sql : List.of(
        event.formatted("%s", "o2", 1, "2026-01-03T00:00:00Z"),
        event.formatted("%s", "o1", 2, "2026-01-02T00:00:00Z"),
        event.formatted("%s", "o1", 1, "2026-01-02T00:00:00Z"),
        event.formatted("%s", "o3", 1, "2026-01-01T00:00:00Z"))) {
      await(pool.query(sql.formatted(schema)).execute());
    }

    assertThat(await(upTo(10).apply(pool, schema))).isEqualTo(1);
    await(pool.query(("INSERT INTO %s.events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, "
        + "actor_id) VALUES ('i1', 'o4', 1, 'org', 'org.added', '2025-01-01T00:00:00Z', 'a')").formatted(schema))
        .execute());

    List<String> inPositionOrder = new ArrayList<>();
    await(pool.query("SELECT aggregate_id, sequence, position FROM " + schema + ".events ORDER BY position")
        .execute()).forEach(row -> inPositionOrder.add(row.getString("aggregate_id") + "/" + row.getLong("sequence")
        + "@" + row.getLong("position")));
    assertThat(inPositionOrder).containsExactly("o3/1@1", "o1/1@2", "o1/2@3", "o2/1@4", "o4/1@5");
  }

  /** The bundled migrations up to and including {@code version}, as a database of that version had them. */
  private static SchemaMigrations upTo(int version) {
    return new SchemaMigrations(SchemaMigrations.bundled().migrations().stream()
        .filter(m -> m.version() <= version).toList());
  }
}
