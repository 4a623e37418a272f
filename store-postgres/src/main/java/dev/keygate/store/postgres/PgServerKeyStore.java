package dev.keygate.store.postgres;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;

/** Server keys on PostgreSQL: the first process to store a key wins, every later one reads the winner's. */
record PgServerKeyStore(PgExecutor db) implements ServerKeyStore {

  private static final String INSERT_IF_ABSENT =
      "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
  private static final String SELECT = """
      SELECT value FROM server_keys WHERE name = $1""";

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return db.guarded(db.query(INSERT_IF_ABSENT, Tuple.of(name, Buffer.buffer(candidate)))
        .compose(v -> db.query(SELECT, Tuple.of(name)))
        .map(rows -> rows.iterator().next().getBuffer("value").getBytes()), null);
  }
}
