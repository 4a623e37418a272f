package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreException.Kind;
import dev.keygate.store.postgres.AggregateBatcher.Member;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates of Droplit clients, coalesced per ecosystem (see {@link AggregateBatcher}): every create of an ecosystem
 * adds to the ecosystem's client total, one row that would otherwise make them queue and commit one by one.
 *
 * <p>A batch, one create or many, is one statement over arrays (so one round trip and its own transaction): the
 * instance and the live ecosystem are share-locked (a removal waits), then each client's issued id, row and event are
 * written, and the total grows by the batch's size. No row back means the instance or the ecosystem is not there, for
 * every create of the batch alike; any other failure (a client id issued before) rolls the statement back, and then
 * each create runs alone, so that only the one at fault fails.
 */
final class PgClientCreates implements AggregateBatcher.Runner<PgClientCreates.Create, EcosystemClient> {

  record Create(EcosystemClient client, Change change) {}

  private static final String CREATE = """
      WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), \
      ecosystem AS (SELECT e.id FROM ecosystems e JOIN instance ON e.instance_id = instance.id \
      WHERE e.id = $2 AND e.removed_at IS NULL FOR SHARE OF e), \
      c AS (SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[]) \
      AS c(id, type, name, description, at, actor)), \
      issued AS (INSERT INTO issued_ids (kind, id, instance_id) SELECT '%s', c.id, $1 FROM c, ecosystem \
      RETURNING id), \
      client AS (INSERT INTO clients (id, instance_id, ecosystem_id, type, name, description, created_at, changed_at, \
      sequence) SELECT c.id, $1, $2, c.type, c.name, c.description, c.at, c.at, 1 FROM c JOIN issued USING (id) \
      RETURNING id), \
      total AS (INSERT INTO counters (instance_id, scope, n) SELECT $1, $3, count(*) FROM client HAVING count(*) > 0 \
      ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + EXCLUDED.n), \
      event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      SELECT $1, c.id, 1, '%s', '%s', c.at, c.actor FROM c JOIN client USING (id)) \
      SELECT count(*) AS n FROM client""".formatted(IssuedRows.CLIENTS.kind, Aggregate.CLIENT,
      EventTypes.CLIENT_ADDED);

  private final PgExecutor db;
  private final AggregateBatcher<Create, EcosystemClient> lanes;

  PgClientCreates(PgExecutor db) {
    this.db = db;
    this.lanes = db.batcher(this);
  }

  Future<EcosystemClient> create(EcosystemClient client, Change change) {
    return db.batched(lanes, Lanes.ecosystem(client.instanceId(), client.ecosystemId()), new Create(client, change),
        Entity.CLIENT);
  }

  @Override
  public Future<?> apply(List<Member<Create, EcosystemClient>> batch) {
    EcosystemClient first = batch.get(0).write().client();
    List<Tuple> rows = new ArrayList<>(batch.size());
    for (Member<Create, EcosystemClient> member : batch) {
      EcosystemClient client = member.write().client();
      rows.add(Tuple.of(client.id(), client.type(), client.name(), client.description(),
          time(member.write().change().at()), member.write().change().actorId()));
    }
    Tuple params = PgExecutor.columns(Tuple.of(first.instanceId(), first.ecosystemId(),
        CounterScopes.clients(first.ecosystemId())), rows, String[]::new, String[]::new, String[]::new,
        String[]::new, OffsetDateTime[]::new, String[]::new);
    Future<List<Future<EcosystemClient>>> created = db.statement(CREATE, params, Entity.CLIENT, result -> {
      if (result.iterator().next().getLong("n") == 0) {
        return db.missing(first.instanceId(), Entity.ECOSYSTEM);
      }
      return Future.succeededFuture(batch.stream().map(member -> Future.succeededFuture(stored(member.write())))
          .toList());
    });
    if (batch.size() == 1) {
      return created.transform(done -> {
        batch.get(0).answer(done.map(outcomes -> outcomes.get(0).result()));
        return Future.succeededFuture();
      });
    }
    return created.transform(done -> AggregateBatcher.settle(batch, done, PgClientCreates::concernsAll,
        member -> apply(List.of(member)).map(v -> (EcosystemClient) null)));
  }

  /** The database away, or the instance or ecosystem missing: every create of the batch would fail the same way. */
  private static boolean concernsAll(Throwable failure) {
    return failure instanceof StoreException e && (e.kind() == Kind.UNAVAILABLE
        || e.is(Kind.NOT_FOUND, Entity.INSTANCE) || e.is(Kind.NOT_FOUND, Entity.ECOSYSTEM));
  }

  /** The client as the create stores it: created and changed at the change's time, sequence 1. */
  private static EcosystemClient stored(Create create) {
    EcosystemClient client = create.client();
    Instant at = create.change().at();
    return new EcosystemClient(client.instanceId(), client.ecosystemId(), client.id(), client.type(), client.name(),
        client.description(), at, at, null, 1);
  }
}
