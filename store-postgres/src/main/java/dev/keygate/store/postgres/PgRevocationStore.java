package dev.keygate.store.postgres;

import dev.keygate.store.RevocationStore;
import dev.keygate.store.RevokedToken;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

/** Revoked access tokens on PostgreSQL; each revocation also sweeps out those that have expired since. */
record PgRevocationStore(PgExecutor db) implements RevocationStore {

  private static final String INSERT = """
      INSERT INTO revoked_tokens (token_id, instance_id, expires_at) VALUES ($1, $2, $3) \
      ON CONFLICT (token_id) DO NOTHING""";
  private static final String SWEEP_EXPIRED = """
      DELETE FROM revoked_tokens WHERE expires_at < now() - interval '1 minute'""";
  private static final String IS_REVOKED = """
      SELECT 1 FROM revoked_tokens WHERE token_id = $1""";

  @Override
  public Future<Void> revokeToken(RevokedToken token) {
    return db.writeAnnouncing(null, conn -> PgExecutor.run(conn, INSERT, Tuple.of(token.tokenId(),
        token.instanceId(), Rows.time(token.expiresAt())))
        .compose(v -> PgExecutor.run(conn, SWEEP_EXPIRED, Tuple.tuple()).<Void>mapEmpty()), token.tokenId());
  }

  @Override
  public Future<Boolean> isTokenRevoked(String tokenId) {
    return db.read(IS_REVOKED, Tuple.of(tokenId), rows -> rows.size() > 0);
  }
}
