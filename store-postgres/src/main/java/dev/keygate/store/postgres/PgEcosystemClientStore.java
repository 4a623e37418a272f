package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EcosystemClientStore;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.Lookup;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Droplit clients and their tokens on PostgreSQL: each client its own aggregate, its tokens child rows. Creates, which
 * all count in their ecosystem's total, are coalesced per ecosystem by {@link PgClientCreates}.
 */
record PgEcosystemClientStore(PgExecutor db, PgClientCreates creates) implements EcosystemClientStore {

  private static final String ECOSYSTEM_IS_LIVE = """
      SELECT 1 FROM ecosystems WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL""";
  private static final String UPDATE = IssuedRows.CLIENTS.liveUpdate("name = $3, description = $4, changed_at = $5");
  private static final String DELETE_TOKENS = """
      DELETE FROM client_tokens WHERE client_id = $1""";
  private static final String ADVANCE = """
      UPDATE clients SET changed_at = $3, sequence = sequence + 1 \
      WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL RETURNING sequence""";
  private static final String INSERT_TOKEN = """
      INSERT INTO client_tokens (token_hash, instance_id, client_id, id, description, created_at, expires_at) \
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String TOKENS = """
      SELECT * FROM client_tokens WHERE client_id = $1 AND instance_id = $2 ORDER BY position""";
  private static final Listing LIVE_OF_ECOSYSTEM = new Listing("SELECT * FROM clients",
      "ecosystem_id = $1 AND removed_at IS NULL", "id");

  @Override
  public Future<EcosystemClient> createClient(EcosystemClient client, Change change) {
    return creates.create(client, change);
  }

  @Override
  public Future<Lookup<EcosystemClient>> client(String instanceId, String clientId) {
    return IssuedRows.CLIENTS.lookup(db, instanceId, clientId);
  }

  @Override
  public Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page) {
    return db.read(ECOSYSTEM_IS_LIVE, Tuple.of(ecosystemId, instanceId), rows -> rows.size() > 0).compose(live -> {
      if (!live) {
        return Future.failedFuture(StoreException.notFound(Entity.ECOSYSTEM));
      }
      return db.page(LIVE_OF_ECOSYSTEM, Tuple.of(ecosystemId), page, Rows::client, instanceId,
          CounterScopes.clients(ecosystemId));
    });
  }

  @Override
  public Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                              Change change) {
    return IssuedRows.CLIENTS.change(db, instanceId, clientId, UPDATE, Tuple.of(clientId, instanceId, name,
        description, time(change.at())), EventTypes.CLIENT_CHANGED, change);
  }

  @Override
  public Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change) {
    return IssuedRows.CLIENTS.remove(db, instanceId, clientId, EventTypes.CLIENT_REMOVED, change,
        (conn, tombstone) -> run(conn, DELETE_TOKENS, Tuple.of(clientId))
            .compose(v -> count(conn, instanceId, CounterScopes.clients(tombstone.ecosystemId()), -1))
            .map(v -> tombstone));
  }

  @Override
  public Future<ClientToken> addClientToken(ClientToken token, Change change) {
    // the tokens of one client share a commit: each one otherwise queues on the client's sequence
    return db.grouped(Lanes.client(token.instanceId(), token.clientId()), Entity.CLIENT,
        conn -> lockInstance(conn, token.instanceId())
        .compose(v -> run(conn, ADVANCE, Tuple.of(token.clientId(), token.instanceId(), time(change.at()))))
        .compose(rows -> {
          long sequence = single(rows, row -> row.getLong("sequence"), Entity.CLIENT);
          return run(conn, INSERT_TOKEN, Tuple.of(token.tokenHash(), token.instanceId(), token.clientId(), token.id(),
              token.description(), time(token.createdAt())).addOffsetDateTime(time(token.expiresAt())))
              .compose(v -> append(conn, token.instanceId(), Aggregate.CLIENT, token.clientId(), sequence,
                  EventTypes.CLIENT_TOKEN_ADDED, change))
              .map(v -> token);
        }), token.clientId());
  }

  @Override
  public Future<List<ClientToken>> clientTokens(String instanceId, String clientId) {
    return db.read(TOKENS, Tuple.of(clientId, instanceId), rows -> PgExecutor.all(rows, Rows::clientToken));
  }
}
