package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.appendAll;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreException.Kind;
import dev.keygate.store.User;
import dev.keygate.store.postgres.AggregateBatcher.Member;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Machine-secret sets and removals, coalesced per user (see {@link AggregateBatcher}): a client that rotates its
 * secret in a loop, or many requests for one machine user, would otherwise queue on the user's row one commit at a
 * time.
 *
 * <p>A change that finds its user idle runs alone as one statement. Changes that arrive meanwhile go together in one
 * transaction: the user is locked once and each change is applied in the batch's order to the state the previous
 * one left, so each gets its own event and sequence and fails alone for its own reason (another organization, not a
 * machine, no secret to remove, a hash another user holds). Only the last state is written to the row; the other
 * processes are notified once and this process's listeners are told once it committed. Anything else that fails the
 * transaction rolls it all back, and then each change runs alone.
 */
final class PgMachineSecrets implements AggregateBatcher.Runner<PgMachineSecrets.SecretChange, User> {

  /** {@code secretHash} null: remove the secret. {@code previousExpiresAt} set: keep the current one until then. */
  record SecretChange(String instanceId, String orgId, String userId, String secretHash, Instant previousExpiresAt,
                      Change change) {}

  /**
   * One statement (as {@link PgAppCreates}'s lone create): the user row is updated only if it is a machine of that
   * organization and there is a secret to set or to remove; its event and the notification go with it. No row: a
   * second query says why. The change's time ($5) is cast wherever it appears: PostgreSQL reads the SET list's
   * expressions before their columns, and would take the CASE's {@code ELSE $5} for text.
   */
  private static final String SET_MACHINE_SECRET = """
      WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), \
      updated AS (UPDATE users u SET secret_hash = $4, changed_at = $5::timestamptz, sequence = u.sequence + 1, \
      secret_created_at = CASE WHEN $4::text IS NULL THEN NULL ELSE $5::timestamptz END, \
      previous_secret_hash = CASE WHEN %1$s THEN u.secret_hash END, \
      previous_secret_created_at = CASE WHEN %1$s THEN coalesce(u.secret_created_at, u.created_at) END, \
      previous_secret_expires_at = CASE WHEN %1$s THEN $9::timestamptz END FROM instance \
      WHERE u.instance_id = $1 AND u.id = $2 AND u.org_id = $3 AND u.kind = 'MACHINE' \
      AND ($4::text IS NOT NULL OR u.secret_hash IS NOT NULL) RETURNING u.*), \
      event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      SELECT $1, $2, sequence, '%2$s', CASE WHEN previous_secret_hash IS NULL THEN $6 ELSE '%3$s' END, \
      $5::timestamptz, $7 \
      FROM updated) \
      SELECT updated.*, pg_notify($8, $2) FROM updated""".formatted(
      "$9::timestamptz IS NOT NULL AND $4::text IS NOT NULL AND u.secret_hash IS NOT NULL", Aggregate.USER,
      EventTypes.USER_MACHINE_SECRET_ROTATED);
  /** Ends an overlap: only while the previous secret is still valid at the change's time. */
  private static final String END_OVERLAP = """
      WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), \
      updated AS (UPDATE users u SET previous_secret_hash = NULL, previous_secret_created_at = NULL, \
      previous_secret_expires_at = NULL, changed_at = $4, sequence = u.sequence + 1 FROM instance \
      WHERE u.instance_id = $1 AND u.id = $2 AND u.org_id = $3 AND u.kind = 'MACHINE' \
      AND u.previous_secret_expires_at > $4 RETURNING u.*), \
      event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) \
      SELECT $1, $2, sequence, '%s', '%s', $4, $5 FROM updated) \
      SELECT updated.*, pg_notify($6, $2) FROM updated""".formatted(Aggregate.USER,
      EventTypes.USER_MACHINE_SECRET_PREVIOUS_REMOVED);
  private static final String WHY_NO_SECRET_CHANGE = """
      SELECT (SELECT count(*) FROM instances WHERE id = $1) AS instances, u.kind, u.org_id, u.secret_hash IS NOT \
      NULL AS has_secret \
      FROM (SELECT 1) one LEFT JOIN users u ON u.instance_id = $1 AND u.id = $2""";
  /** Secret hashes are unique across users (users_secret_hash): those of the batch that another user holds. */
  private static final String HELD_ELSEWHERE = """
      SELECT secret_hash FROM users WHERE secret_hash = ANY($3) AND NOT (instance_id = $1 AND id = $2)""";

  private final PgExecutor db;
  private final AggregateBatcher<SecretChange, User> lanes;

  PgMachineSecrets(PgExecutor db) {
    this.db = db;
    this.lanes = db.batcher(this);
  }

  Future<User> set(String instanceId, String orgId, String userId, String secretHash, Instant previousExpiresAt,
                   Change change) {
    return db.batched(lanes, List.of(instanceId, userId), new SecretChange(instanceId, orgId, userId, secretHash,
        previousExpiresAt, change), Entity.USER);
  }

  /** Not batched: ending an overlap is rare. The row lock orders it with the batches of the same user. */
  Future<User> endOverlap(String instanceId, String orgId, String userId, Change change) {
    Tuple params = Tuple.of(instanceId, userId, orgId, time(change.at())).addString(change.actorId())
        .addString(db.channel());
    return db.toldLocally(db.statement(END_OVERLAP, params, Entity.USER, rows -> rows.size() > 0
        ? Future.succeededFuture(Rows.user(rows.iterator().next()))
        : whyNoSecretChange(instanceId, orgId, userId)), userId);
  }

  @Override
  public Future<?> apply(List<Member<SecretChange, User>> batch) {
    if (batch.size() == 1) {
      return alone(batch.get(0));
    }
    SecretChange first = batch.get(0).write();
    return db.write(Entity.USER, conn -> together(conn, batch)).transform(done -> {
      if (done.succeeded() && done.result().stream().anyMatch(Future::succeeded)) {
        db.tellLocally(first.userId());
      }
      return AggregateBatcher.settle(batch, done, PgMachineSecrets::concernsAll, this::alone);
    });
  }

  /** The database away, or the instance or user missing: every change of the batch would fail the same way. */
  private static boolean concernsAll(Throwable failure) {
    return failure instanceof StoreException e && (e.kind() == Kind.UNAVAILABLE
        || e.is(Kind.NOT_FOUND, Entity.INSTANCE) || e.is(Kind.NOT_FOUND, Entity.USER));
  }

  private Future<User> alone(Member<SecretChange, User> member) {
    SecretChange c = member.write();
    Tuple params = Tuple.of(c.instanceId(), c.userId(), c.orgId(), c.secretHash(), time(c.change().at()),
        eventType(c)).addString(c.change().actorId()).addString(db.channel())
        .addOffsetDateTime(time(c.previousExpiresAt()));
    // the statement itself notifies the other processes (pg_notify); this one is told once it committed
    return db.toldLocally(db.statement(SET_MACHINE_SECRET, params, Entity.USER, rows -> rows.size() > 0
        ? Future.succeededFuture(Rows.user(rows.iterator().next()))
        : whyNoSecretChange(c.instanceId(), c.orgId(), c.userId())), c.userId())
        .onComplete(member::answer);
  }

  private Future<User> whyNoSecretChange(String instanceId, String orgId, String userId) {
    return db.query(WHY_NO_SECRET_CHANGE, Tuple.of(instanceId, userId)).compose(rows -> {
      Row row = rows.iterator().next();
      if (row.getLong("instances") == 0) {
        throw StoreException.notFound(Entity.INSTANCE);
      }
      if (row.getString("kind") == null || !orgId.equals(row.getString("org_id"))) {
        throw StoreException.notFound(Entity.USER);
      }
      if (!"MACHINE".equals(row.getString("kind"))) {
        throw StoreException.precondition(Entity.USER, "user is not a machine user");
      }
      throw StoreException.notFound(Entity.SECRET); // removing a secret there is none of
    });
  }

  /** Within the batch's transaction: the outcome of each change, in the batch's order. */
  private Future<List<Future<User>>> together(SqlConnection conn, List<Member<SecretChange, User>> batch) {
    SecretChange first = batch.get(0).write();
    String[] hashes = batch.stream().map(member -> member.write().secretHash()).filter(Objects::nonNull).distinct()
        .toArray(String[]::new);
    Future<User> locked = PgUserStore.lock(conn, first.instanceId(), null, first.userId());
    // sent after the lock, in the same round trip: the server runs it once the user is ours
    Future<RowSet<Row>> heldElsewhere = run(conn, HELD_ELSEWHERE, Tuple.of(first.instanceId(), first.userId())
        .addArrayOfString(hashes));
    return locked.compose(user -> heldElsewhere.compose(rows -> applyInOrder(conn, user, batch, hashes(rows))));
  }

  private static Set<String> hashes(RowSet<Row> rows) {
    Set<String> hashes = new HashSet<>();
    rows.forEach(row -> hashes.add(row.getString("secret_hash")));
    return hashes;
  }

  private Future<List<Future<User>>> applyInOrder(SqlConnection conn, User user, List<Member<SecretChange, User>> batch,
                                                  Set<String> heldElsewhere) {
    List<Future<User>> outcomes = new ArrayList<>(batch.size());
    List<Tuple> events = new ArrayList<>();
    User state = user;
    for (Member<SecretChange, User> member : batch) {
      SecretChange c = member.write();
      StoreException refused = refusal(state, c, heldElsewhere);
      if (refused != null) {
        outcomes.add(Future.failedFuture(refused));
        continue;
      }
      boolean rotates = rotates(state, c);
      state = rotates ? state.withRotatedSecret(c.secretHash(), c.previousExpiresAt(), c.change().at(),
          state.sequence() + 1) : state.withSecretHash(c.secretHash(), c.change().at(), state.sequence() + 1);
      events.add(PgExecutor.event(c.instanceId(), Aggregate.USER, c.userId(), state.sequence(),
          rotates ? EventTypes.USER_MACHINE_SECRET_ROTATED : eventType(c), c.change()));
      outcomes.add(Future.succeededFuture(state));
    }
    if (events.isEmpty()) {
      return Future.succeededFuture(outcomes);
    }
    // three statements sent at once, one round trip: the user's last state, every change's event, the notification
    return Future.all(PgUserStore.touch(conn, state), appendAll(conn, events), db.announce(conn, user.id()))
        .map(all -> outcomes);
  }

  /** Why {@code c} cannot apply to the user as the batch left it so far, in the order the lone statement finds it. */
  private static StoreException refusal(User state, SecretChange c, Set<String> heldElsewhere) {
    if (!state.orgId().equals(c.orgId())) {
      return StoreException.notFound(Entity.USER);
    }
    if (!state.isMachine()) {
      return StoreException.precondition(Entity.USER, "user is not a machine user");
    }
    if (c.secretHash() == null && !state.hasSecret()) {
      return StoreException.notFound(Entity.SECRET);
    }
    if (c.secretHash() != null && heldElsewhere.contains(c.secretHash())) {
      return StoreException.alreadyExists(Entity.USER); // what the unique index users_secret_hash says when alone
    }
    return null;
  }

  /** Whether {@code c} keeps the user's current secret as its previous one (as the lone statement decides it). */
  private static boolean rotates(User state, SecretChange c) {
    return c.previousExpiresAt() != null && c.secretHash() != null && state.hasSecret();
  }

  /** The event of a change that does not rotate. */
  private static String eventType(SecretChange c) {
    return c.secretHash() == null ? EventTypes.USER_MACHINE_SECRET_REMOVED : EventTypes.USER_MACHINE_SECRET_SET;
  }
}
