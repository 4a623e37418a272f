package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.PgExecutor.append;
import static dev.keygate.store.postgres.PgExecutor.count;
import static dev.keygate.store.postgres.PgExecutor.forgetCount;
import static dev.keygate.store.postgres.PgExecutor.lockInstance;
import static dev.keygate.store.postgres.PgExecutor.run;
import static dev.keygate.store.postgres.PgExecutor.single;
import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.Change;
import dev.keygate.store.EventTypes;
import dev.keygate.store.EventTypes.Aggregate;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Users on PostgreSQL: each user is an aggregate; its PATs and keys are child rows that go with it. Machine-secret
 * sets, which clients may repeat at a high rate on one user, are coalesced per user by {@link PgMachineSecrets}.
 */
record PgUserStore(PgExecutor db, PgMachineSecrets secrets) implements UserStore {

  private static final String INSERT = """
      INSERT INTO users (instance_id, org_id, id, kind, user_name, display_name, description, access_token_type, \
      email, email_verified, first_name, last_name, preferred_language, password_hash, secret_hash, roles, \
      created_at, changed_at, sequence) \
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)""";
  private static final String INSERT_PAT = """
      INSERT INTO personal_access_tokens (token_hash, instance_id, user_id, id, expires_at, created_at) \
      VALUES ($1, $2, $3, $4, $5, $6)""";
  private static final String INSERT_MACHINE_KEY = """
      INSERT INTO machine_keys (instance_id, user_id, id, type, public_key_pem, expires_at, created_at) \
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String BY_ID = """
      SELECT * FROM users WHERE instance_id = $1 AND id = $2""";
  private static final String BY_NAME = """
      SELECT * FROM users WHERE instance_id = $1 AND user_name = $2""";
  private static final String LOCK = """
      SELECT * FROM users WHERE instance_id = $1 AND id = $2 FOR UPDATE""";
  private static final String TOUCH = """
      UPDATE users SET secret_hash = $3, changed_at = $4, sequence = $5, secret_created_at = $6, \
      previous_secret_hash = $7, previous_secret_created_at = $8, previous_secret_expires_at = $9 \
      WHERE instance_id = $1 AND id = $2""";
  private static final String DELETE = """
      DELETE FROM users WHERE instance_id = $1 AND id = $2""";
  private static final String ADVANCE_ORG = """
      UPDATE organizations SET sequence = sequence + 1, changed_at = $3 WHERE instance_id = $1 AND id = $2 \
      RETURNING sequence""";
  private static final String SET_ROLES = """
      UPDATE users SET roles = $3 WHERE instance_id = $1 AND id = $2""";
  private static final String DELETE_PAT = """
      DELETE FROM personal_access_tokens WHERE instance_id = $1 AND user_id = $2 AND id = $3 RETURNING *""";
  private static final String DELETE_MACHINE_KEY = """
      DELETE FROM machine_keys WHERE instance_id = $1 AND user_id = $2 AND id = $3 RETURNING *""";
  private static final Listing OF_ORG = new Listing("SELECT * FROM users", "instance_id = $1 AND org_id = $2", "id");
  private static final Listing PATS = new Listing("SELECT * FROM personal_access_tokens",
      "instance_id = $1 AND user_id = $2", "id");
  private static final Listing MACHINE_KEYS = new Listing("SELECT * FROM machine_keys",
      "instance_id = $1 AND user_id = $2", "id");

  @Override
  public Future<User> createUser(User user, Change change) {
    User stored = user.withChange(change.at(), 1);
    return db.grouped(Lanes.org(user.instanceId(), user.orgId()), Entity.ORGANIZATION,
        conn -> lockInstance(conn, user.instanceId())
        .compose(v -> insert(conn, stored))
        .compose(v -> count(conn, user.instanceId(), CounterScopes.users(user.orgId()), 1))
        .compose(v -> append(conn, user.instanceId(), Aggregate.USER, user.id(), 1,
            EventTypes.userAdded(user.isMachine()), change))
        .map(v -> stored));
  }

  @Override
  public Future<Optional<User>> user(String instanceId, String userId) {
    return db.readOne(BY_ID, Tuple.of(instanceId, userId), Rows::user);
  }

  @Override
  public Future<Optional<User>> userByName(String instanceId, String userName) {
    return db.readOne(BY_NAME, Tuple.of(instanceId, userName), Rows::user);
  }

  @Override
  public Future<Page<User>> users(String instanceId, String orgId, User.Kind kind, List<TextMatch> userNames,
                                  PageRequest page) {
    Narrowing search = new Narrowing(OF_ORG, instanceId, orgId).equal("kind", kind == null ? null : kind.name())
        .matching("user_name", userNames);
    if (search.narrowed()) {
      return db.page(search, page, Rows::user);
    }
    return db.page(OF_ORG, Tuple.of(instanceId, orgId), page, Rows::user, instanceId, CounterScopes.users(orgId));
  }

  @Override
  public Future<User> removeUser(String instanceId, String orgId, String userId, Change change) {
    return db.grouped(Lanes.user(instanceId, userId), Entity.USER,
        conn -> lock(conn, instanceId, orgId, userId).compose(user -> {
      long sequence = user.sequence() + 1;
      // its PATs and keys go with it (foreign keys cascade), and with them their listings' totals
      return run(conn, DELETE, Tuple.of(instanceId, userId))
          .compose(v -> count(conn, instanceId, CounterScopes.users(orgId), -1))
          .compose(v -> forgetCount(conn, instanceId, CounterScopes.pats(userId)))
          .compose(v -> forgetCount(conn, instanceId, CounterScopes.machineKeys(userId)))
          .compose(v -> append(conn, instanceId, Aggregate.USER, userId, sequence, EventTypes.USER_REMOVED, change))
          .map(v -> user.withChange(change.at(), sequence));
    }), userId);
  }

  @Override
  public Future<User> endMachineSecretOverlap(String instanceId, String orgId, String userId, Change change) {
    return secrets.endOverlap(instanceId, orgId, userId, change);
  }

  @Override
  public Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash,
                                       Instant previousExpiresAt,
                                       Change change) {
    return secrets.set(instanceId, orgId, userId, secretHash, previousExpiresAt, change);
  }

  @Override
  public Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change) {
    return db.grouped(Lanes.user(pat.instanceId(), pat.userId()), Entity.PAT,
        conn -> addToMachine(conn, pat.instanceId(), pat.userId(),
        "personal access tokens are for machine users", () -> insertPat(conn, pat)
            .compose(rows -> count(conn, pat.instanceId(), CounterScopes.pats(pat.userId()), 1).map(v -> rows)),
        EventTypes.USER_PAT_ADDED, change), pat.userId());
  }

  @Override
  public Future<Page<PersonalAccessToken>> personalAccessTokens(String instanceId, String userId, PageRequest page) {
    return ofUser(instanceId, userId, () -> db.page(PATS, Tuple.of(instanceId, userId), page, Rows::pat, instanceId,
        CounterScopes.pats(userId)));
  }

  @Override
  public Future<User> removePersonalAccessToken(String instanceId, String orgId, String userId, String tokenId,
                                                Change change) {
    return db.grouped(Lanes.user(instanceId, userId), Entity.PAT, conn -> removeFromUser(conn, instanceId, orgId,
        userId,
        () -> run(conn, DELETE_PAT, Tuple.of(instanceId, userId, tokenId)), Entity.PAT, CounterScopes.pats(userId),
        EventTypes.USER_PAT_REMOVED, change), userId);
  }

  @Override
  public Future<User> addMachineKey(MachineKey key, Change change) {
    return db.grouped(Lanes.user(key.instanceId(), key.userId()), Entity.MACHINE_KEY,
        conn -> addToMachine(conn, key.instanceId(), key.userId(),
        "keys are for machine users", () -> insertMachineKey(conn, key)
            .compose(rows -> count(conn, key.instanceId(), CounterScopes.machineKeys(key.userId()), 1).map(v -> rows)),
        EventTypes.USER_MACHINE_KEY_ADDED, change), key.userId());
  }

  @Override
  public Future<Page<MachineKey>> machineKeys(String instanceId, String userId, PageRequest page) {
    return ofUser(instanceId, userId, () -> db.page(MACHINE_KEYS, Tuple.of(instanceId, userId), page,
        Rows::machineKey, instanceId, CounterScopes.machineKeys(userId)));
  }

  @Override
  public Future<User> removeMachineKey(String instanceId, String orgId, String userId, String keyId, Change change) {
    return db.grouped(Lanes.user(instanceId, userId), Entity.MACHINE_KEY, conn -> removeFromUser(conn, instanceId,
        orgId, userId,
        () -> run(conn, DELETE_MACHINE_KEY, Tuple.of(instanceId, userId, keyId)), Entity.MACHINE_KEY,
        CounterScopes.machineKeys(userId), EventTypes.USER_MACHINE_KEY_REMOVED, change), userId);
  }

  /** A listing of the user's credentials ({@code listing}), or NOT_FOUND/USER when the instance has no such user. */
  private <T> Future<Page<T>> ofUser(String instanceId, String userId, Supplier<Future<Page<T>>> listing) {
    return user(instanceId, userId).compose(user -> user.isPresent() ? listing.get()
        : Future.failedFuture(StoreException.notFound(Entity.USER)));
  }

  /**
   * Within a write: locks the user of that org, runs {@code delete} (the credential's row, returned), advances the
   * user's sequence, records the event and takes one from the credential listing's total. Fails NOT_FOUND/USER, or
   * NOT_FOUND of {@code missing} when {@code delete} removed nothing (the transaction then rolls back).
   */
  private static Future<User> removeFromUser(SqlConnection conn, String instanceId, String orgId, String userId,
                                             Supplier<Future<RowSet<Row>>> delete, Entity missing, String scope,
                                             String eventType, Change change) {
    return lock(conn, instanceId, orgId, userId).compose(user -> delete.get().compose(rows -> {
      single(rows, Function.identity(), missing);
      User updated = user.withChange(change.at(), user.sequence() + 1);
      return touch(conn, updated)
          .compose(v -> count(conn, instanceId, scope, -1))
          .compose(v -> append(conn, instanceId, Aggregate.USER, userId, updated.sequence(), eventType, change))
          .map(v -> updated);
    }));
  }

  /**
   * Within a write: locks the user, which must be a machine, advances its sequence, runs {@code insert} (the new
   * credential's row) and records the event. Returns the user's new state.
   */
  private static Future<User> addToMachine(SqlConnection conn, String instanceId, String userId, String notMachine,
                                           Supplier<Future<RowSet<Row>>> insert, String eventType, Change change) {
    return lock(conn, instanceId, null, userId).compose(user -> {
      if (!user.isMachine()) {
        throw StoreException.precondition(Entity.USER, notMachine);
      }
      User updated = user.withChange(change.at(), user.sequence() + 1);
      return touch(conn, updated)
          .compose(v -> insert.get())
          .compose(v -> append(conn, instanceId, Aggregate.USER, user.id(), updated.sequence(), eventType, change))
          .map(v -> updated);
    });
  }

  @Override
  public Future<Long> setOrgMember(String instanceId, String orgId, String userId, Set<User.Role> roles,
                                   Change change) {
    return db.writeAnnouncing(Entity.USER, conn -> lock(conn, instanceId, orgId, userId)
        .compose(user -> run(conn, ADVANCE_ORG, Tuple.of(instanceId, orgId, time(change.at()))))
        .compose(rows -> {
          long sequence = single(rows, row -> row.getLong("sequence"), Entity.ORGANIZATION);
          return run(conn, SET_ROLES, Tuple.of(instanceId, userId, Rows.roles(roles)))
              .compose(v -> append(conn, instanceId, Aggregate.ORG, orgId, sequence, EventTypes.ORG_MEMBER_ADDED,
                  change))
              .map(v -> sequence);
        }), userId);
  }

  /**
   * The user of that org ({@code null}: of any), locked for this transaction. Both statements are sent at once,
   * before this returns, and run in order (instance first): a statement the caller sends next runs once the user is
   * locked (see PgMachineSecrets).
   */
  static Future<User> lock(SqlConnection conn, String instanceId, String orgId, String userId) {
    Future<Void> instance = lockInstance(conn, instanceId);
    Future<RowSet<Row>> locked = run(conn, LOCK, Tuple.of(instanceId, userId));
    return instance.compose(v -> locked)
        .map(rows -> {
          User user = single(rows, Rows::user, Entity.USER);
          if (orgId != null && !user.orgId().equals(orgId)) {
            throw StoreException.notFound(Entity.USER);
          }
          return user;
        });
  }

  /** Within a write on a locked user: stores its secrets, sequence and time of change as {@code updated} has them. */
  static Future<Void> touch(SqlConnection conn, User updated) {
    var previous = updated.previousSecret();
    return run(conn, TOUCH, Tuple.of(updated.instanceId(), updated.id(), updated.secretHash(),
        time(updated.changedAt()), updated.sequence()).addOffsetDateTime(time(updated.secrets().createdAt()))
        .addString(previous == null ? null : previous.hash())
        .addOffsetDateTime(previous == null ? null : time(previous.createdAt()))
        .addOffsetDateTime(previous == null ? null : time(previous.expiresAt()))).mapEmpty();
  }

  // ---- rows an instance's creation writes too

  static Future<RowSet<Row>> insert(SqlConnection conn, User u) {
    return run(conn, INSERT, Tuple.tuple().addString(u.instanceId()).addString(u.orgId()).addString(u.id())
        .addString(u.kind().name()).addString(u.userName()).addString(u.displayName()).addString(u.description())
        .addString(u.accessTokenType()).addString(u.email()).addBoolean(u.emailVerified())
        .addString(u.firstName()).addString(u.lastName()).addString(u.preferredLanguage())
        .addString(u.passwordHash()).addString(u.secretHash()).addArrayOfString(Rows.roles(u.roles()))
        .addOffsetDateTime(time(u.createdAt())).addOffsetDateTime(time(u.changedAt())).addLong(u.sequence()));
  }

  static Future<RowSet<Row>> insertPat(SqlConnection conn, PersonalAccessToken pat) {
    return run(conn, INSERT_PAT, Tuple.of(pat.tokenHash(), pat.instanceId(), pat.userId(), pat.id(),
        time(pat.expiresAt()), time(pat.createdAt())));
  }

  static Future<RowSet<Row>> insertMachineKey(SqlConnection conn, MachineKey key) {
    return run(conn, INSERT_MACHINE_KEY, Tuple.of(key.instanceId(), key.userId(), key.id(), key.type(),
        key.publicKeyPem(), time(key.expiresAt())).addOffsetDateTime(time(key.createdAt())));
  }
}
