package dev.keygate.store.postgres;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Server keys on PostgreSQL: the first process to store a key wins, every later one reads the winner's. */
record PgServerKeyStore(PgExecutor db) implements ServerKeyStore {

  private static final String INSERT_IF_ABSENT =
      "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
  private static final String SELECT = """
      SELECT value FROM server_keys WHERE name = $1""";

  private static final String REPLACE = """
      UPDATE server_keys SET value = $3 WHERE name = $1 AND value = $2""";
  private static final String NAMES = """
      SELECT name FROM server_keys ORDER BY name""";

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return db.guarded(db.query(INSERT_IF_ABSENT, Tuple.of(name, Buffer.buffer(candidate)))
        .compose(v -> db.query(SELECT, Tuple.of(name)))
        .map(rows -> rows.iterator().next().getBuffer("value").getBytes()), null);
  }

  @Override
  public Future<Boolean> replaceServerKey(String name, byte[] expected, byte[] replacement) {
    return db.guarded(db.query(REPLACE, Tuple.of(name, Buffer.buffer(expected), Buffer.buffer(replacement)))
        .map(rows -> rows.rowCount() == 1), null);
  }

  @Override
  public Future<List<String>> serverKeyNames() {
    return db.guarded(db.query(NAMES, Tuple.tuple()).map(rows -> {
      List<String> names = new ArrayList<>();
      rows.forEach(row -> names.add(row.getString("name")));
      return List.copyOf(names);
    }), null);
  }
}
