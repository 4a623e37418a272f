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
import java.util.ArrayList;
import java.util.List;
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
}
