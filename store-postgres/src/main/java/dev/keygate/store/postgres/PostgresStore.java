package dev.keygate.store.postgres;

import static dev.keygate.store.postgres.Rows.time;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.Lookup;
import dev.keygate.store.MachineKey;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.Project;
import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store on PostgreSQL. Each write is one transaction holding the object, its aggregate's new sequence and its
 * event; the database's keys and constraints, not this class, are what keep names unique and sequences gap-free when
 * several gateway processes share the database. Locks are always taken aggregate first (instance, then project or
 * user or ecosystem, then child rows), so concurrent writers queue instead of deadlocking.
 *
 * <p>Every call is bounded by {@link PostgresStoreOptions#timeoutMs()}: while the database is away, calls fail fast
 * with {@link StoreException.Kind#UNAVAILABLE}, and the pool opens new connections by itself once it is back.
 */
public final class PostgresStore implements KeygateStore {

  private static final String INSTANCE_SELECT = "SELECT i.*, d.domain_names, d.domain_generated, d.domain_primary "
      + "FROM instances i, LATERAL (SELECT array_agg(name ORDER BY position) AS domain_names, "
      + "array_agg(generated ORDER BY position) AS domain_generated, "
      + "array_agg(is_primary ORDER BY position) AS domain_primary "
      + "FROM instance_domains WHERE instance_id = i.id) d";

  private final Pool pool;
  private final long timeoutMs;
  private final CredentialChanges changes;

  private PostgresStore(Pool pool, long timeoutMs, CredentialChanges changes) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.changes = changes;
  }

  /** Connects, brings the schema up to date (or refuses to start on one that does not match) and returns the store. */
  public static Future<KeygateStore> open(Vertx vertx, PostgresStoreOptions options) {
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(options.uri());
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("not a PostgreSQL URI: " + options.redactedUri()));
    }
    connect.setCachePreparedStatements(true)
        .setReconnectAttempts(0)
        .addProperty("search_path", options.schema())
        .addProperty("application_name", "keygate");
    NetClientOptions network = new NetClientOptions()
        .setConnectTimeout((int) Math.min(options.timeoutMs(), Integer.MAX_VALUE))
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true);
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(options.poolSize())
        .setConnectionTimeout((int) Math.min(options.timeoutMs(), Integer.MAX_VALUE))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setName("keygate-" + options.schema())
        .setShared(false);
    Pool pool = PgBuilder.pool().with(poolOptions).with(network).connectingTo(connect).using(vertx).build();
    CredentialChanges changes = new CredentialChanges(vertx, connect, options.schema());
    return SchemaMigrations.bundled().apply(pool, options.schema())
        .compose(applied -> changes.listen())
        .<KeygateStore>map(listening -> new PostgresStore(pool, options.timeoutMs(), changes))
        .recover(failure -> Future.join(pool.close(), changes.close()).transform(closed -> Future.failedFuture(
            failure instanceof SchemaMigrations.MigrationException ? failure
                : new IllegalStateException("cannot open the PostgreSQL store at " + options.redactedUri() + ": "
                    + failure.getMessage(), failure))));
  }

  // ---- plumbing

  private <T> Future<T> guarded(Future<T> work, Entity onConflict) {
    return work.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(PgErrors.translate(failure, onConflict)));
  }

  private <T> Future<T> read(Function<Pool, Future<T>> query) {
    return guarded(query.apply(pool), null);
  }

  private <T> Future<T> write(Entity onConflict, Function<SqlConnection, Future<T>> work) {
    return guarded(pool.withTransaction(work), onConflict);
  }

  private Future<RowSet<Row>> query(String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params);
  }

  private static Future<RowSet<Row>> run(SqlConnection conn, String sql, Tuple params) {
    return conn.preparedQuery(sql).execute(params);
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
  }

  private static <T> T single(RowSet<Row> rows, Function<Row, T> mapper, Entity missing) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      throw StoreException.notFound(missing);
    }
    return mapper.apply(it.next());
  }

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(mapper.apply(row)));
    return list;
  }

  /**
   * Holds the instance for the rest of the transaction (a removal waits for us) and fails NOT_FOUND/INSTANCE when it
   * is gone, as every tenant write must.
   */
  private static Future<Void> lockInstance(SqlConnection conn, String instanceId) {
    return run(conn, "SELECT 1 FROM instances WHERE id = $1 FOR KEY SHARE", Tuple.of(instanceId)).map(rows -> {
      if (rows.size() == 0) {
        throw StoreException.notFound(Entity.INSTANCE);
      }
      return null;
    });
  }

  private static Tuple event(String instanceId, String aggregateType, String aggregateId, long sequence, String type,
                             Change change) {
    return Tuple.of(instanceId, aggregateId, sequence, aggregateType, type, time(change.at()))
        .addString(change.actorId());
  }

  private static final String EVENT_INSERT = "INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, "
      + "type, created_at, actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)";

  private static Future<Void> append(SqlConnection conn, String instanceId, String aggregateType, String aggregateId,
                                     long sequence, String type, Change change) {
    return run(conn, EVENT_INSERT, event(instanceId, aggregateType, aggregateId, sequence, type, change)).mapEmpty();
  }

  /**
   * A write that changes credentials: the transaction also notifies the other processes of {@code ids} (delivered at
   * commit), and once it committed this process's listeners are told, before the caller sees the result.
   */
  private <T> Future<T> writeAnnouncing(Entity onConflict, Function<SqlConnection, Future<T>> work, String... ids) {
    return write(onConflict, conn -> work.apply(conn).compose(value -> run(conn, "SELECT pg_notify($1, $2)",
            Tuple.of(changes.channel(), String.join(",", ids))).map(v -> value)))
        .map(value -> {
          changes.tellLocally(ids);
          return value;
        });
  }

  /** Adjusts a listing total in the same transaction as the change that alters the listing. */
  private static Future<Void> count(SqlConnection conn, String instanceId, String scope, long delta) {
    return run(conn, "INSERT INTO counters (instance_id, scope, n) VALUES ($1, $2, GREATEST($3::bigint, 0)) "
        + "ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + $3::bigint",
        Tuple.of(instanceId, scope, delta)).mapEmpty();
  }

  private Future<Long> total(String instanceId, String scope) {
    return query("SELECT n FROM counters WHERE instance_id = $1 AND scope = $2", Tuple.of(instanceId, scope))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("n"));
  }

  private <T> Future<Page<T>> page(String select, String where, Tuple params, PageRequest request, String idColumn,
                                   Function<Row, T> mapper, String totalInstance, String totalScope) {
    String sql = Keyset.query(select, where, request, params, idColumn);
    return read(p -> Future.all(query(sql, params), total(totalInstance, totalScope))
        .map(both -> new Page<>(all(both.resultAt(0), mapper), both.<Long>resultAt(1))));
  }

  private static String projectsScope(String orgId) {
    return "projects/" + orgId;
  }

  private static String appsScope(String projectId) {
    return "apps/" + projectId;
  }

  private static String clientsScope(String ecosystemId) {
    return "clients/" + ecosystemId;
  }

  // ---- server state

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return read(p -> query("INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        Tuple.of(name, Buffer.buffer(candidate)))
        .compose(v -> query("SELECT value FROM server_keys WHERE name = $1", Tuple.of(name)))
        .map(rows -> rows.iterator().next().getBuffer("value").getBytes()));
  }

  // ---- instances

  @Override
  public Future<Instance> createInstance(NewInstance setup) {
    Instance instance = setup.instance();
    Change change = setup.change();
    User owner = setup.owner();
    long instanceSequence = owner == null ? 1 : 2;
    long userSequence = owner == null ? 0 : 1 + (setup.ownerPat() == null ? 0 : 1) + (setup.ownerKey() == null ? 0 : 1);
    Instance stored = instance.withChange(instance.changedAt(), instanceSequence);
    return writeAnnouncing(Entity.INSTANCE, conn -> {
      List<Tuple> events = new ArrayList<>();
      events.add(event(instance.id(), "instance", instance.id(), 1, "instance.added", change));
      events.add(event(instance.id(), "org", setup.firstOrg().id(), 1, "org.added", change));
      Future<?> chain = run(conn, "INSERT INTO instances (id, name, first_org_id, created_at, changed_at, sequence) "
          + "VALUES ($1, $2, $3, $4, $5, $6)", Tuple.of(instance.id(), instance.name(), instance.firstOrgId(),
          time(instance.createdAt()), time(instance.changedAt()), instanceSequence));
      if (!instance.domains().isEmpty()) {
        List<Tuple> domains = new ArrayList<>();
        for (int i = 0; i < instance.domains().size(); i++) {
          Instance.Domain d = instance.domains().get(i);
          domains.add(Tuple.of(d.name(), instance.id(), (short) i, d.generated(), d.primary()));
        }
        chain = chain.compose(v -> conn.preparedQuery("INSERT INTO instance_domains (name, instance_id, position, "
            + "generated, is_primary) VALUES ($1, $2, $3, $4, $5)").executeBatch(domains));
      }
      Organization org = setup.firstOrg();
      chain = chain.compose(v -> run(conn, "INSERT INTO organizations (instance_id, id, name, created_at, sequence) "
          + "VALUES ($1, $2, $3, $4, 1)", Tuple.of(instance.id(), org.id(), org.name(), time(org.createdAt()))));
      if (owner != null) {
        String userEvent = owner.isMachine() ? "user.machine.added" : "user.human.added";
        events.add(event(instance.id(), "user", owner.id(), 1, userEvent, change));
        events.add(event(instance.id(), "instance", instance.id(), 2, "instance.member.added", change));
        long seq = 1;
        chain = chain.compose(v -> insertUser(conn, owner.withChange(owner.changedAt(), userSequence)));
        if (setup.ownerPat() != null) {
          events.add(event(instance.id(), "user", owner.id(), ++seq, "user.pat.added", change));
          chain = chain.compose(v -> insertPat(conn, setup.ownerPat()));
        }
        if (setup.ownerKey() != null) {
          events.add(event(instance.id(), "user", owner.id(), ++seq, "user.machine.key.added", change));
          MachineKey key = setup.ownerKey();
          chain = chain.compose(v -> run(conn, "INSERT INTO machine_keys (instance_id, user_id, id, type, "
              + "public_key_pem, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
              Tuple.of(key.instanceId(), key.userId(), key.id(), key.type(), key.publicKeyPem(),
                  time(key.expiresAt())).addOffsetDateTime(time(key.createdAt()))));
        }
      }
      return chain
          .compose(v -> conn.preparedQuery(EVENT_INSERT).executeBatch(events))
          .compose(v -> count(conn, "", "instances", 1))
          .map(v -> stored);
    }, INSTANCES_CHANGED);
  }

  private static Future<RowSet<Row>> insertUser(SqlConnection conn, User u) {
    return run(conn, "INSERT INTO users (instance_id, org_id, id, kind, user_name, display_name, description, "
        + "access_token_type, email, email_verified, first_name, last_name, preferred_language, password_hash, "
        + "secret_hash, roles, created_at, changed_at, sequence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        + "$11, $12, $13, $14, $15, $16, $17, $18, $19)",
        Tuple.tuple().addString(u.instanceId()).addString(u.orgId()).addString(u.id()).addString(u.kind().name())
            .addString(u.userName()).addString(u.displayName()).addString(u.description())
            .addString(u.accessTokenType()).addString(u.email()).addBoolean(u.emailVerified())
            .addString(u.firstName()).addString(u.lastName()).addString(u.preferredLanguage())
            .addString(u.passwordHash()).addString(u.secretHash()).addArrayOfString(Rows.roles(u.roles()))
            .addOffsetDateTime(time(u.createdAt())).addOffsetDateTime(time(u.changedAt())).addLong(u.sequence()));
  }

  private static Future<RowSet<Row>> insertPat(SqlConnection conn, PersonalAccessToken pat) {
    return run(conn, "INSERT INTO personal_access_tokens (token_hash, instance_id, user_id, id, expires_at, created_at) "
        + "VALUES ($1, $2, $3, $4, $5, $6)", Tuple.of(pat.tokenHash(), pat.instanceId(), pat.userId(), pat.id(),
        time(pat.expiresAt()), time(pat.createdAt())));
  }

  @Override
  public Future<Optional<Instance>> instance(String instanceId) {
    return read(p -> query(INSTANCE_SELECT + " WHERE i.id = $1", Tuple.of(instanceId))
        .map(rows -> first(rows, Rows::instance)));
  }

  @Override
  public Future<Optional<Instance>> instanceByDomain(String domain) {
    return read(p -> query(INSTANCE_SELECT + " WHERE i.id = (SELECT instance_id FROM instance_domains WHERE name = $1)",
        Tuple.of(domain)).map(rows -> first(rows, Rows::instance)));
  }

  @Override
  public Future<Page<Instance>> instances(PageRequest page) {
    return page(INSTANCE_SELECT, "true", Tuple.tuple(), page, "i.id", Rows::instance, "", "instances");
  }

  @Override
  public Future<Instance> removeInstance(String instanceId, Change change) {
    return writeAnnouncing(Entity.INSTANCE, conn -> run(conn, "SELECT 1 FROM instances WHERE id = $1 FOR UPDATE",
        Tuple.of(instanceId))
        .compose(locked -> {
          if (locked.size() == 0) {
            throw StoreException.notFound(Entity.INSTANCE);
          }
          return run(conn, INSTANCE_SELECT + " WHERE i.id = $1", Tuple.of(instanceId));
        })
        .compose(rows -> {
          Instance instance = single(rows, Rows::instance, Entity.INSTANCE);
          // everything the instance holds goes with it (foreign keys cascade), its events included; the ids it issued
          // stay in issued_ids so that they are never handed out again
          return run(conn, "DELETE FROM instances WHERE id = $1", Tuple.of(instanceId))
              .compose(v -> run(conn, "DELETE FROM counters WHERE instance_id = $1", Tuple.of(instanceId)))
              .compose(v -> count(conn, "", "instances", -1))
              .map(v -> instance.withChange(change.at(), instance.sequence() + 1));
        }), instanceId, INSTANCES_CHANGED);
  }

  // ---- organizations

  @Override
  public Future<Optional<Organization>> organization(String instanceId, String orgId) {
    return read(p -> query("SELECT * FROM organizations WHERE instance_id = $1 AND id = $2", Tuple.of(instanceId, orgId))
        .map(rows -> first(rows, Rows::organization)));
  }

  // ---- users

  @Override
  public Future<User> createUser(User user, Change change) {
    User stored = user.withChange(change.at(), 1);
    return write(Entity.ORGANIZATION, conn -> lockInstance(conn, user.instanceId())
        .compose(v -> insertUser(conn, stored))
        .compose(v -> append(conn, user.instanceId(), "user", user.id(), 1,
            user.isMachine() ? "user.machine.added" : "user.human.added", change))
        .map(v -> stored));
  }

  @Override
  public Future<Optional<User>> user(String instanceId, String userId) {
    return read(p -> query("SELECT * FROM users WHERE instance_id = $1 AND id = $2", Tuple.of(instanceId, userId))
        .map(rows -> first(rows, Rows::user)));
  }

  @Override
  public Future<Optional<User>> userByName(String instanceId, String userName) {
    return read(p -> query("SELECT * FROM users WHERE instance_id = $1 AND user_name = $2",
        Tuple.of(instanceId, userName)).map(rows -> first(rows, Rows::user)));
  }

  /** The user of that org, locked for this transaction. */
  private static Future<User> lockUser(SqlConnection conn, String instanceId, String orgId, String userId) {
    return lockInstance(conn, instanceId)
        .compose(v -> run(conn, "SELECT * FROM users WHERE instance_id = $1 AND id = $2 FOR UPDATE",
            Tuple.of(instanceId, userId)))
        .map(rows -> {
          User user = single(rows, Rows::user, Entity.USER);
          if (orgId != null && !user.orgId().equals(orgId)) {
            throw StoreException.notFound(Entity.USER);
          }
          return user;
        });
  }

  private static Future<RowSet<Row>> touchUser(SqlConnection conn, User user, Change change, long sequence) {
    return run(conn, "UPDATE users SET secret_hash = $3, changed_at = $4, sequence = $5 WHERE instance_id = $1 "
        + "AND id = $2", Tuple.of(user.instanceId(), user.id(), user.secretHash(), time(change.at()), sequence));
  }

  @Override
  public Future<User> removeUser(String instanceId, String orgId, String userId, Change change) {
    return writeAnnouncing(Entity.USER, conn -> lockUser(conn, instanceId, orgId, userId).compose(user -> {
      long sequence = user.sequence() + 1;
      // its PATs and keys go with it (foreign keys cascade)
      return run(conn, "DELETE FROM users WHERE instance_id = $1 AND id = $2", Tuple.of(instanceId, userId))
          .compose(v -> append(conn, instanceId, "user", userId, sequence, "user.removed", change))
          .map(v -> user.withChange(change.at(), sequence));
    }), userId);
  }

  /**
   * One statement (see {@link #CREATE_API_APP}): the user row is updated only if it is a machine of that organization
   * and there is a secret to set or to remove; its event and the notification go with it. No row: a second query
   * says why.
   */
  private static final String SET_MACHINE_SECRET = "WITH instance AS (SELECT id FROM instances WHERE id = $1 "
      + "FOR KEY SHARE), "
      + "updated AS (UPDATE users u SET secret_hash = $4, changed_at = $5, sequence = u.sequence + 1 FROM instance "
      + "WHERE u.instance_id = $1 AND u.id = $2 AND u.org_id = $3 AND u.kind = 'MACHINE' "
      + "AND ($4::text IS NOT NULL OR u.secret_hash IS NOT NULL) RETURNING u.*), "
      + "event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) "
      + "SELECT $1, $2, sequence, 'user', $6, $5, $7 FROM updated) "
      + "SELECT updated.*, pg_notify($8, $2) FROM updated";

  @Override
  public Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash,
                                       Change change) {
    Tuple params = Tuple.of(instanceId, userId, orgId, secretHash, time(change.at()),
        secretHash == null ? "user.machine.secret.removed" : "user.machine.secret.set")
        .addString(change.actorId()).addString(changes.channel());
    // the statement itself notifies the other processes (pg_notify); this one is told once it committed
    return guarded(query(SET_MACHINE_SECRET, params).compose(rows -> rows.size() > 0
        ? Future.succeededFuture(Rows.user(rows.iterator().next()))
        : whyNoSecretChange(instanceId, orgId, userId)), Entity.USER).map(user -> {
      changes.tellLocally(userId);
      return user;
    });
  }

  private Future<User> whyNoSecretChange(String instanceId, String orgId, String userId) {
    return query("SELECT (SELECT count(*) FROM instances WHERE id = $1) AS instances, u.kind, u.org_id, "
        + "u.secret_hash IS NOT NULL AS has_secret FROM (SELECT 1) one LEFT JOIN users u ON u.instance_id = $1 "
        + "AND u.id = $2", Tuple.of(instanceId, userId)).compose(rows -> {
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

  @Override
  public Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change) {
    return write(Entity.PAT, conn -> lockUser(conn, pat.instanceId(), null, pat.userId()).compose(user -> {
      if (!user.isMachine()) {
        throw StoreException.precondition(Entity.USER, "personal access tokens are for machine users");
      }
      User updated = user.withChange(change.at(), user.sequence() + 1);
      return touchUser(conn, updated, change, updated.sequence())
          .compose(v -> insertPat(conn, pat))
          .compose(v -> append(conn, pat.instanceId(), "user", user.id(), updated.sequence(), "user.pat.added", change))
          .map(v -> updated);
    }));
  }

  @Override
  public Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash) {
    return read(p -> query("SELECT * FROM personal_access_tokens WHERE token_hash = $1", Tuple.of(tokenHash))
        .map(rows -> first(rows, Rows::pat)));
  }

  @Override
  public Future<Long> setOrgMember(String instanceId, String orgId, String userId, Set<User.Role> roles,
                                   Change change) {
    return writeAnnouncing(Entity.USER, conn -> lockUser(conn, instanceId, orgId, userId)
        .compose(user -> run(conn, "UPDATE organizations SET sequence = sequence + 1 WHERE instance_id = $1 AND id = $2 "
            + "RETURNING sequence", Tuple.of(instanceId, orgId)))
        .compose(rows -> {
          long sequence = single(rows, row -> row.getLong("sequence"), Entity.ORGANIZATION);
          return run(conn, "UPDATE users SET roles = $3 WHERE instance_id = $1 AND id = $2",
              Tuple.of(instanceId, userId, Rows.roles(roles)))
              .compose(v -> append(conn, instanceId, "org", orgId, sequence, "org.member.added", change))
              .map(v -> sequence);
        }), userId);
  }

  // ---- projects

  @Override
  public Future<Project> createProject(Project project, Change change) {
    Project stored = project.withChange(change.at(), 1);
    return write(Entity.ORGANIZATION, conn -> lockInstance(conn, project.instanceId())
        .compose(v -> run(conn, "INSERT INTO projects (instance_id, org_id, id, name, project_role_assertion, "
            + "project_role_check, has_project_check, created_at, changed_at, sequence) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)", Tuple.of(project.instanceId(), project.orgId(),
            project.id(), project.name(), project.projectRoleAssertion(), project.projectRoleCheck())
            .addBoolean(project.hasProjectCheck()).addOffsetDateTime(time(project.createdAt()))
            .addOffsetDateTime(time(change.at()))))
        .compose(v -> count(conn, project.instanceId(), projectsScope(project.orgId()), 1))
        .compose(v -> append(conn, project.instanceId(), "project", project.id(), 1, "project.added", change))
        .map(v -> stored));
  }

  @Override
  public Future<Optional<Project>> project(String instanceId, String orgId, String projectId) {
    return read(p -> query("SELECT * FROM projects WHERE instance_id = $1 AND id = $2 AND org_id = $3",
        Tuple.of(instanceId, projectId, orgId)).map(rows -> first(rows, Rows::project)));
  }

  @Override
  public Future<Page<Project>> projects(String instanceId, String orgId, PageRequest page) {
    return page("SELECT * FROM projects", "instance_id = $1 AND org_id = $2", Tuple.of(instanceId, orgId), page, "id",
        Rows::project, instanceId, projectsScope(orgId));
  }

  /** The project of that org, locked: every change of the project aggregate (its apps included) queues here. */
  private static Future<Project> lockProject(SqlConnection conn, String instanceId, String orgId, String projectId,
                                             Entity missing) {
    return lockInstance(conn, instanceId)
        .compose(v -> run(conn, "SELECT * FROM projects WHERE instance_id = $1 AND id = $2 AND org_id = $3 FOR UPDATE",
            Tuple.of(instanceId, projectId, orgId)))
        .map(rows -> single(rows, Rows::project, missing));
  }

  private static Future<Long> advanceProject(SqlConnection conn, Project project, String eventType, Change change) {
    long sequence = project.sequence() + 1;
    return run(conn, "UPDATE projects SET sequence = $3, changed_at = $4 WHERE instance_id = $1 AND id = $2",
        Tuple.of(project.instanceId(), project.id(), sequence, time(change.at())))
        .compose(v -> append(conn, project.instanceId(), "project", project.id(), sequence, eventType, change))
        .map(v -> sequence);
  }

  @Override
  public Future<Project> removeProject(String instanceId, String orgId, String projectId, Change change) {
    return writeAnnouncing(Entity.PROJECT, conn -> lockProject(conn, instanceId, orgId, projectId, Entity.PROJECT)
        .compose(project -> {
          long sequence = project.sequence() + 1;
          return run(conn, "DELETE FROM projects WHERE instance_id = $1 AND id = $2", Tuple.of(instanceId, projectId))
              .compose(v -> count(conn, instanceId, projectsScope(orgId), -1))
              .compose(v -> run(conn, "DELETE FROM counters WHERE instance_id = $1 AND scope = $2",
                  Tuple.of(instanceId, appsScope(projectId))))
              .compose(v -> append(conn, instanceId, "project", projectId, sequence, "project.removed", change))
              .map(v -> project.withChange(change.at(), sequence));
        }), projectId);
  }

  // ---- API apps

  /**
   * One statement, so one round trip and its own transaction: the project row is updated first (which queues
   * concurrent writers of the project's aggregate), then the app, its event and the listing total are written from
   * the new sequence. A duplicate name fails the whole statement on the unique constraint. No row means the instance
   * or the project is not there; only then does a second query say which.
   */
  private static final String CREATE_API_APP = "WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), "
      + "project AS (UPDATE projects p SET sequence = p.sequence + 1, changed_at = $7 FROM instance "
      + "WHERE p.instance_id = $1 AND p.id = $2 AND p.org_id = $3 RETURNING p.sequence), "
      + "app AS (INSERT INTO api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, secret_hash, "
      + "created_at, changed_at, sequence) SELECT $1, $3, $2, $4, $5, $6, $8, $9, $7, $7, sequence FROM project "
      + "RETURNING sequence), "
      + "event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) "
      + "SELECT $1, $2, sequence, 'project', 'project.application.added', $7, $10 FROM app), "
      + "total AS (INSERT INTO counters (instance_id, scope, n) SELECT $1, $11, 1 FROM app "
      + "ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + 1) "
      + "SELECT sequence FROM app";

  @Override
  public Future<ApiApp> createApiApp(ApiApp app, Change change) {
    Tuple params = Tuple.of(app.instanceId(), app.projectId(), app.orgId(), app.id(), app.name(), app.clientId())
        .addOffsetDateTime(time(change.at())).addString(app.authMethod().name()).addString(app.secretHash())
        .addString(change.actorId()).addString(appsScope(app.projectId()));
    return guarded(query(CREATE_API_APP, params).compose(rows -> {
      if (rows.size() == 0) {
        return missing(app.instanceId(), Entity.PROJECT);
      }
      long sequence = rows.iterator().next().getLong("sequence");
      return Future.succeededFuture(new ApiApp(app.instanceId(), app.orgId(), app.projectId(), app.id(), app.name(),
          app.clientId(), app.authMethod(), app.secretHash(), change.at(), change.at(), sequence));
    }), Entity.API_APP_NAME);
  }

  /** Why a write found nothing: NOT_FOUND/INSTANCE when the instance is gone, else NOT_FOUND of {@code entity}. */
  private <T> Future<T> missing(String instanceId, Entity entity) {
    return query("SELECT 1 FROM instances WHERE id = $1", Tuple.of(instanceId)).compose(rows -> Future.failedFuture(
        StoreException.notFound(rows.size() == 0 ? Entity.INSTANCE : entity)));
  }

  @Override
  public Future<Optional<ApiApp>> apiApp(String instanceId, String orgId, String projectId, String appId) {
    return read(p -> query("SELECT * FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 "
        + "AND org_id = $4", Tuple.of(instanceId, projectId, appId, orgId)).map(rows -> first(rows, Rows::apiApp)));
  }

  @Override
  public Future<Page<ApiApp>> apiApps(String instanceId, String orgId, String projectId, PageRequest page) {
    return project(instanceId, orgId, projectId).compose(project -> {
      if (project.isEmpty()) {
        return Future.failedFuture(StoreException.notFound(Entity.PROJECT));
      }
      return page("SELECT * FROM api_apps", "instance_id = $1 AND project_id = $2", Tuple.of(instanceId, projectId),
          page, "id", Rows::apiApp, instanceId, appsScope(projectId));
    });
  }

  @Override
  public Future<ApiApp> removeApiApp(String instanceId, String orgId, String projectId, String appId, Change change) {
    return writeAnnouncing(Entity.API_APP, conn -> lockProject(conn, instanceId, orgId, projectId, Entity.API_APP)
        .compose(project -> run(conn, "DELETE FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 "
            + "RETURNING *", Tuple.of(instanceId, projectId, appId))
            .compose(rows -> {
              ApiApp app = single(rows, Rows::apiApp, Entity.API_APP);
              return advanceProject(conn, project, "project.application.removed", change)
                  .compose(sequence -> count(conn, instanceId, appsScope(projectId), -1)
                      .map(v -> app.withChange(change.at(), sequence)));
            })), appId);
  }

  @Override
  public Future<ApiApp> setApiAppSecret(String instanceId, String orgId, String projectId, String appId,
                                        String secretHash, Change change) {
    return writeAnnouncing(Entity.API_APP, conn -> lockProject(conn, instanceId, orgId, projectId, Entity.API_APP)
        .compose(project -> run(conn, "SELECT * FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 "
            + "FOR UPDATE", Tuple.of(instanceId, projectId, appId))
            .compose(rows -> {
              ApiApp app = single(rows, Rows::apiApp, Entity.API_APP);
              return advanceProject(conn, project, "project.application.config.api.secret.changed", change)
                  .compose(sequence -> run(conn, "UPDATE api_apps SET secret_hash = $4, changed_at = $5, "
                      + "sequence = $6 WHERE instance_id = $1 AND project_id = $2 AND id = $3",
                      Tuple.of(instanceId, projectId, appId, secretHash, time(change.at()), sequence))
                      .map(v -> app.withSecretHash(secretHash, change.at(), sequence)));
            })), appId);
  }

  // ---- ecosystems and clients

  /** Who an ecosystem or client id was issued to, and the row if it still exists: the four answers of a Lookup. */
  private <T> Future<Lookup<T>> lookup(String kind, String table, String instanceId, String id,
                                       Function<Row, T> mapper) {
    return read(p -> query("SELECT o.instance_id AS owner, t.* FROM issued_ids o LEFT JOIN " + table
        + " t ON t.id = o.id WHERE o.kind = $1 AND o.id = $2", Tuple.of(kind, id)).map(rows -> {
          if (rows.size() == 0) {
            return Lookup.<T>of(Lookup.State.NEVER_EXISTED);
          }
          Row row = rows.iterator().next();
          if (!row.getString("owner").equals(instanceId)) {
            return Lookup.<T>of(Lookup.State.OTHER_TENANT);
          }
          if (row.getString("id") == null) {
            return Lookup.<T>of(Lookup.State.NEVER_EXISTED); // its instance was removed
          }
          return row.getOffsetDateTime("removed_at") != null ? Lookup.<T>of(Lookup.State.REMOVED)
              : Lookup.found(mapper.apply(row));
        }));
  }

  private static Future<Void> issue(SqlConnection conn, String kind, String id, String instanceId) {
    return run(conn, "INSERT INTO issued_ids (kind, id, instance_id) VALUES ($1, $2, $3)",
        Tuple.of(kind, id, instanceId)).mapEmpty();
  }

  /**
   * Within a write: holds the instance, runs {@code update} (an UPDATE … RETURNING * of one live ecosystem or client
   * row that advances its sequence), fails NOT_FOUND/{@code entity} when no live row matched, and records the event
   * with the row's new sequence.
   */
  private static <T> Future<T> changeLive(SqlConnection conn, String instanceId, String update, Tuple params,
                                          Function<Row, T> mapper, java.util.function.ToLongFunction<T> sequenceOf,
                                          Entity entity, String aggregateType, String aggregateId, String eventType,
                                          Change change) {
    return lockInstance(conn, instanceId)
        .compose(v -> run(conn, update, params))
        .compose(rows -> {
          T changed = single(rows, mapper, entity);
          return append(conn, instanceId, aggregateType, aggregateId, sequenceOf.applyAsLong(changed), eventType, change)
              .map(v -> changed);
        });
  }

  @Override
  public Future<Ecosystem> createEcosystem(Ecosystem ecosystem, Change change) {
    Ecosystem stored = new Ecosystem(ecosystem.instanceId(), ecosystem.id(), ecosystem.metaJson(), ecosystem.domain(),
        change.at(), change.at(), null, 1);
    return write(Entity.ECOSYSTEM, conn -> lockInstance(conn, ecosystem.instanceId())
        .compose(v -> issue(conn, "ECOSYSTEM", ecosystem.id(), ecosystem.instanceId()))
        .compose(v -> run(conn, "INSERT INTO ecosystems (id, instance_id, meta_json, domain, created_at, changed_at, "
            + "sequence) VALUES ($1, $2, $3, $4, $5, $5, 1)", Tuple.of(stored.id(), stored.instanceId(),
            stored.metaJson(), stored.domain(), time(change.at()))))
        .compose(v -> count(conn, stored.instanceId(), "ecosystems", 1))
        .compose(v -> append(conn, stored.instanceId(), "ecosystem", stored.id(), 1, "ecosystem.added", change))
        .map(v -> stored));
  }

  @Override
  public Future<Lookup<Ecosystem>> ecosystem(String instanceId, String ecosystemId) {
    return lookup("ECOSYSTEM", "ecosystems", instanceId, ecosystemId, Rows::ecosystem);
  }

  @Override
  public Future<Page<Ecosystem>> ecosystems(String instanceId, PageRequest page) {
    return page("SELECT * FROM ecosystems", "instance_id = $1 AND removed_at IS NULL", Tuple.of(instanceId), page,
        "id", Rows::ecosystem, instanceId, "ecosystems");
  }

  @Override
  public Future<Ecosystem> updateEcosystem(String instanceId, String ecosystemId, String metaJson, String domain,
                                           Change change) {
    return write(Entity.ECOSYSTEM, conn -> changeLive(conn, instanceId, "UPDATE ecosystems SET meta_json = $3, "
        + "domain = $4, changed_at = $5, sequence = sequence + 1 WHERE id = $1 AND instance_id = $2 "
        + "AND removed_at IS NULL RETURNING *", Tuple.of(ecosystemId, instanceId, metaJson, domain, time(change.at())),
        Rows::ecosystem, Ecosystem::sequence, Entity.ECOSYSTEM, "ecosystem", ecosystemId, "ecosystem.changed", change));
  }

  @Override
  public Future<Ecosystem> removeEcosystem(String instanceId, String ecosystemId, Change change) {
    return write(Entity.ECOSYSTEM, conn -> changeLive(conn, instanceId, "UPDATE ecosystems SET removed_at = $3, "
        + "changed_at = $3, sequence = sequence + 1 WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL "
        + "RETURNING *", Tuple.of(ecosystemId, instanceId, time(change.at())), Rows::ecosystem, Ecosystem::sequence,
        Entity.ECOSYSTEM, "ecosystem", ecosystemId, "ecosystem.removed", change)
        .compose(tombstone -> run(conn, "UPDATE clients SET removed_at = $2, changed_at = $2, "
                + "sequence = sequence + 1 WHERE ecosystem_id = $1 AND removed_at IS NULL RETURNING id, sequence",
                Tuple.of(ecosystemId, time(change.at())))
            .compose(clients -> {
              // its live clients become tombstones too, each with its event; their tokens die with them
              List<Tuple> events = new ArrayList<>();
              clients.forEach(row -> events.add(event(instanceId, "client", row.getString("id"),
                  row.getLong("sequence"), "client.removed", change)));
              return events.isEmpty() ? Future.succeededFuture()
                  : conn.preparedQuery(EVENT_INSERT).executeBatch(events).mapEmpty();
            })
            .compose(v -> run(conn, "DELETE FROM client_tokens t USING clients c WHERE t.client_id = c.id "
                + "AND c.ecosystem_id = $1", Tuple.of(ecosystemId)))
            .compose(v -> count(conn, instanceId, "ecosystems", -1))
            .compose(v -> run(conn, "DELETE FROM counters WHERE instance_id = $1 AND scope = $2",
                Tuple.of(instanceId, clientsScope(ecosystemId))))
            .map(v -> tombstone)));
  }

  /** One statement (see {@link #CREATE_API_APP}); the live ecosystem is share-locked so its removal waits. */
  private static final String CREATE_CLIENT = "WITH instance AS (SELECT id FROM instances WHERE id = $1 FOR KEY SHARE), "
      + "ecosystem AS (SELECT e.id FROM ecosystems e JOIN instance ON e.instance_id = instance.id "
      + "WHERE e.id = $2 AND e.removed_at IS NULL FOR SHARE OF e), "
      + "issued AS (INSERT INTO issued_ids (kind, id, instance_id) SELECT 'CLIENT', $3, $1 FROM ecosystem "
      + "RETURNING id), "
      + "client AS (INSERT INTO clients (id, instance_id, ecosystem_id, type, name, description, created_at, changed_at, "
      + "sequence) SELECT $3, $1, $2, $4, $5, $6, $7, $7, 1 FROM issued RETURNING id), "
      + "total AS (INSERT INTO counters (instance_id, scope, n) SELECT $1, $8, 1 FROM client "
      + "ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + 1), "
      + "event AS (INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id) "
      + "SELECT $1, $3, 1, 'client', 'client.added', $7, $9 FROM client) "
      + "SELECT id FROM client";

  @Override
  public Future<EcosystemClient> createClient(EcosystemClient client, Change change) {
    EcosystemClient stored = new EcosystemClient(client.instanceId(), client.ecosystemId(), client.id(), client.type(),
        client.name(), client.description(), change.at(), change.at(), null, 1);
    Tuple params = Tuple.of(client.instanceId(), client.ecosystemId(), client.id(), client.type(), client.name(),
        client.description()).addOffsetDateTime(time(change.at())).addString(clientsScope(client.ecosystemId()))
        .addString(change.actorId());
    return guarded(query(CREATE_CLIENT, params).compose(rows -> rows.size() > 0 ? Future.succeededFuture(stored)
        : missing(client.instanceId(), Entity.ECOSYSTEM)), Entity.CLIENT);
  }

  @Override
  public Future<Lookup<EcosystemClient>> client(String instanceId, String clientId) {
    return lookup("CLIENT", "clients", instanceId, clientId, Rows::client);
  }

  @Override
  public Future<Page<EcosystemClient>> clients(String instanceId, String ecosystemId, PageRequest page) {
    return read(p -> query("SELECT 1 FROM ecosystems WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL",
        Tuple.of(ecosystemId, instanceId))).compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(StoreException.notFound(Entity.ECOSYSTEM));
          }
          return page("SELECT * FROM clients", "ecosystem_id = $1 AND removed_at IS NULL", Tuple.of(ecosystemId),
              page, "id", Rows::client, instanceId, clientsScope(ecosystemId));
        });
  }

  @Override
  public Future<EcosystemClient> updateClient(String instanceId, String clientId, String name, String description,
                                              Change change) {
    return write(Entity.CLIENT, conn -> changeLive(conn, instanceId, "UPDATE clients SET name = $3, description = $4, "
        + "changed_at = $5, sequence = sequence + 1 WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL "
        + "RETURNING *", Tuple.of(clientId, instanceId, name, description, time(change.at())), Rows::client,
        EcosystemClient::sequence, Entity.CLIENT, "client", clientId, "client.changed", change));
  }

  @Override
  public Future<EcosystemClient> removeClient(String instanceId, String clientId, Change change) {
    return write(Entity.CLIENT, conn -> changeLive(conn, instanceId, "UPDATE clients SET removed_at = $3, "
        + "changed_at = $3, sequence = sequence + 1 WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL "
        + "RETURNING *", Tuple.of(clientId, instanceId, time(change.at())), Rows::client, EcosystemClient::sequence,
        Entity.CLIENT, "client", clientId, "client.removed", change)
        .compose(tombstone -> run(conn, "DELETE FROM client_tokens WHERE client_id = $1", Tuple.of(clientId))
            .compose(v -> count(conn, instanceId, clientsScope(tombstone.ecosystemId()), -1))
            .map(v -> tombstone)));
  }

  @Override
  public Future<ClientToken> addClientToken(ClientToken token, Change change) {
    return write(Entity.CLIENT, conn -> lockInstance(conn, token.instanceId())
        .compose(v -> run(conn, "UPDATE clients SET changed_at = $3, sequence = sequence + 1 "
            + "WHERE id = $1 AND instance_id = $2 AND removed_at IS NULL RETURNING sequence",
            Tuple.of(token.clientId(), token.instanceId(), time(change.at()))))
        .compose(rows -> {
          long sequence = single(rows, row -> row.getLong("sequence"), Entity.CLIENT);
          return run(conn, "INSERT INTO client_tokens (token_hash, instance_id, client_id, id, description, created_at) "
              + "VALUES ($1, $2, $3, $4, $5, $6)", Tuple.of(token.tokenHash(), token.instanceId(), token.clientId(),
              token.id(), token.description(), time(token.createdAt())))
              .compose(v -> append(conn, token.instanceId(), "client", token.clientId(), sequence,
                  "client.token.added", change))
              .map(v -> token);
        }));
  }

  @Override
  public Future<List<ClientToken>> clientTokens(String instanceId, String clientId) {
    return read(p -> query("SELECT * FROM client_tokens WHERE client_id = $1 AND instance_id = $2 ORDER BY position",
        Tuple.of(clientId, instanceId)).map(rows -> all(rows, Rows::clientToken)));
  }

  @Override
  public Future<Optional<ClientToken>> clientTokenByHash(String tokenHash) {
    return read(p -> query("SELECT * FROM client_tokens WHERE token_hash = $1", Tuple.of(tokenHash))
        .map(rows -> first(rows, Rows::clientToken)));
  }

  // ---- credentials as clients present them

  @Override
  public void onCredentialChange(java.util.function.Consumer<String> listener) {
    changes.add(listener);
  }

  @Override
  public Future<Optional<User>> machineUserBySecretHash(String secretHash) {
    return read(p -> query("SELECT * FROM users WHERE secret_hash = $1", Tuple.of(secretHash))
        .map(rows -> first(rows, Rows::user)));
  }

  @Override
  public Future<User> addMachineKey(MachineKey key, Change change) {
    return writeAnnouncing(Entity.MACHINE_KEY, conn -> lockUser(conn, key.instanceId(), null, key.userId())
        .compose(user -> {
          if (!user.isMachine()) {
            throw StoreException.precondition(Entity.USER, "keys are for machine users");
          }
          User updated = user.withChange(change.at(), user.sequence() + 1);
          return touchUser(conn, updated, change, updated.sequence())
              .compose(v -> run(conn, "INSERT INTO machine_keys (instance_id, user_id, id, type, public_key_pem, "
                  + "expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", Tuple.of(key.instanceId(),
                  key.userId(), key.id(), key.type(), key.publicKeyPem(), time(key.expiresAt()))
                  .addOffsetDateTime(time(key.createdAt()))))
              .compose(v -> append(conn, key.instanceId(), "user", user.id(), updated.sequence(),
                  "user.machine.key.added", change))
              .map(v -> updated);
        }), key.userId());
  }

  @Override
  public Future<Optional<MachineKey>> machineKey(String keyId) {
    return read(p -> query("SELECT * FROM machine_keys WHERE id = $1", Tuple.of(keyId))
        .map(rows -> first(rows, Rows::machineKey)));
  }

  @Override
  public Future<Optional<ApiApp>> apiAppByClientId(String clientId) {
    return read(p -> query("SELECT * FROM api_apps WHERE client_id = $1", Tuple.of(clientId))
        .map(rows -> first(rows, Rows::apiApp)));
  }

  @Override
  public Future<ApiApp> addApiAppKey(AppKey key, Change change) {
    return writeAnnouncing(Entity.API_APP, conn -> lockProject(conn, key.instanceId(), key.orgId(), key.projectId(),
        Entity.API_APP)
        .compose(project -> run(conn, "SELECT * FROM api_apps WHERE instance_id = $1 AND project_id = $2 AND id = $3 "
            + "FOR UPDATE", Tuple.of(key.instanceId(), key.projectId(), key.appId()))
            .compose(rows -> {
              ApiApp app = single(rows, Rows::apiApp, Entity.API_APP);
              return advanceProject(conn, project, "project.application.key.added", change)
                  .compose(sequence -> run(conn, "UPDATE api_apps SET changed_at = $4, sequence = $5 "
                      + "WHERE instance_id = $1 AND project_id = $2 AND id = $3", Tuple.of(key.instanceId(),
                      key.projectId(), key.appId(), time(change.at()), sequence))
                      .compose(v -> run(conn, "INSERT INTO api_app_keys (id, instance_id, org_id, project_id, app_id, "
                          + "public_key_pem, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                          Tuple.of(key.id(), key.instanceId(), key.orgId(), key.projectId(), key.appId(),
                              key.publicKeyPem()).addOffsetDateTime(time(key.expiresAt()))
                              .addOffsetDateTime(time(key.createdAt()))))
                      .map(v -> app.withChange(change.at(), sequence)));
            })), key.appId());
  }

  @Override
  public Future<Optional<AppKey>> apiAppKey(String keyId) {
    return read(p -> query("SELECT * FROM api_app_keys WHERE id = $1", Tuple.of(keyId)).map(rows -> first(rows,
        row -> new AppKey(row.getString("instance_id"), row.getString("org_id"), row.getString("project_id"),
            row.getString("app_id"), row.getString("id"), row.getString("public_key_pem"),
            Rows.instant(row, "expires_at"), Rows.instant(row, "created_at")))));
  }

  @Override
  public Future<Void> revokeToken(RevokedToken token) {
    return writeAnnouncing(null, conn -> run(conn, "INSERT INTO revoked_tokens (token_id, instance_id, expires_at) "
        + "VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING", Tuple.of(token.tokenId(), token.instanceId(),
        time(token.expiresAt())))
        .compose(v -> run(conn, "DELETE FROM revoked_tokens WHERE expires_at < now() - interval '1 minute'",
            Tuple.tuple()).<Void>mapEmpty()), token.tokenId());
  }

  @Override
  public Future<Boolean> isTokenRevoked(String tokenId) {
    return read(p -> query("SELECT 1 FROM revoked_tokens WHERE token_id = $1", Tuple.of(tokenId))
        .map(rows -> rows.size() > 0));
  }

  // ---- Oracle Commerce application IDs

  private static String commerceScope(String orgId, String type) {
    return "commerce/" + orgId + (type == null ? "" : "/" + type);
  }

  @Override
  public Future<CommerceApplication> createCommerceApplication(CommerceApplication application, Change change) {
    CommerceApplication stored = application.withChange(change.at(), 1);
    CommerceApplication a = stored;
    return write(Entity.ORGANIZATION, conn -> lockInstance(conn, a.instanceId())
        .compose(v -> run(conn, "INSERT INTO commerce_applications (id, instance_id, org_id, name, type, lifetime_days, "
            + "key_id, key_expires_at, created_by_id, created_by_first_name, created_by_last_name, created_at, "
            + "changed_at, sequence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1)",
            Tuple.of(a.id(), a.instanceId(), a.orgId(), a.name(), a.type(), a.lifetimeDays())
                .addString(a.keyId()).addOffsetDateTime(time(a.keyExpiresAt())).addString(a.createdById())
                .addString(a.createdByFirstName()).addString(a.createdByLastName())
                .addOffsetDateTime(time(change.at()))))
        .compose(v -> count(conn, a.instanceId(), commerceScope(a.orgId(), null), 1))
        .compose(v -> count(conn, a.instanceId(), commerceScope(a.orgId(), a.type()), 1))
        .compose(v -> append(conn, a.instanceId(), "commerce.application", a.id(), 1, "commerce.application.added",
            change))
        .map(v -> stored));
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplication(String instanceId, String orgId, String id) {
    return read(p -> query("SELECT * FROM commerce_applications WHERE id = $1 AND instance_id = $2 AND org_id = $3",
        Tuple.of(id, instanceId, orgId)).map(rows -> first(rows, Rows::commerceApplication)));
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplicationById(String id) {
    return read(p -> query("SELECT * FROM commerce_applications WHERE id = $1", Tuple.of(id))
        .map(rows -> first(rows, Rows::commerceApplication)));
  }

  @Override
  public Future<Page<CommerceApplication>> commerceApplications(String instanceId, String orgId, String type,
                                                                PageRequest page) {
    return type == null
        ? page("SELECT * FROM commerce_applications", "instance_id = $1 AND org_id = $2",
            Tuple.of(instanceId, orgId), page, "id", Rows::commerceApplication, instanceId, commerceScope(orgId, null))
        : page("SELECT * FROM commerce_applications", "instance_id = $1 AND org_id = $2 AND type = $3",
            Tuple.of(instanceId, orgId, type), page, "id", Rows::commerceApplication, instanceId,
            commerceScope(orgId, type));
  }

  /** The application of that org, locked for this transaction. */
  private static Future<CommerceApplication> lockCommerce(SqlConnection conn, String instanceId, String orgId,
                                                          String id) {
    return lockInstance(conn, instanceId)
        .compose(v -> run(conn, "SELECT * FROM commerce_applications WHERE id = $1 AND instance_id = $2 "
            + "AND org_id = $3 FOR UPDATE", Tuple.of(id, instanceId, orgId)))
        .map(rows -> single(rows, Rows::commerceApplication, Entity.COMMERCE_APP));
  }

  @Override
  public Future<CommerceApplication> updateCommerceApplication(String instanceId, String orgId, String id, String name,
                                                               Integer lifetimeDays, Change change) {
    return write(Entity.COMMERCE_APP, conn -> lockCommerce(conn, instanceId, orgId, id).compose(application -> {
      CommerceApplication updated = application.withName(name, lifetimeDays, change.at(), application.sequence() + 1);
      return run(conn, "UPDATE commerce_applications SET name = $2, lifetime_days = $3, changed_at = $4, "
          + "sequence = $5 WHERE id = $1", Tuple.of(id, name, lifetimeDays, time(change.at()), updated.sequence()))
          .compose(v -> append(conn, instanceId, "commerce.application", id, updated.sequence(),
              "commerce.application.changed", change))
          .map(v -> updated);
    }));
  }

  @Override
  public Future<CommerceApplication> setCommerceApplicationKey(String instanceId, String orgId, String id,
                                                               String keyId, java.time.Instant keyExpiresAt,
                                                               Integer lifetimeDays, Change change) {
    return writeAnnouncing(Entity.COMMERCE_APP, conn -> lockCommerce(conn, instanceId, orgId, id).compose(app -> {
      CommerceApplication updated = app.withKey(keyId, keyExpiresAt, lifetimeDays, change.at(), app.sequence() + 1);
      return run(conn, "UPDATE commerce_applications SET key_id = $2, key_expires_at = $3, lifetime_days = $4, "
          + "changed_at = $5, sequence = $6 WHERE id = $1", Tuple.of(id, keyId, time(keyExpiresAt), lifetimeDays,
          time(change.at()), updated.sequence()))
          .compose(v -> append(conn, instanceId, "commerce.application", id, updated.sequence(),
              "commerce.application.key.changed", change))
          .map(v -> updated);
    }), id);
  }

  @Override
  public Future<CommerceApplication> removeCommerceApplication(String instanceId, String orgId, String id,
                                                               Change change) {
    return writeAnnouncing(Entity.COMMERCE_APP, conn -> lockCommerce(conn, instanceId, orgId, id).compose(app -> {
      long sequence = app.sequence() + 1;
      return run(conn, "DELETE FROM commerce_applications WHERE id = $1", Tuple.of(id))
          .compose(v -> count(conn, instanceId, commerceScope(orgId, null), -1))
          .compose(v -> count(conn, instanceId, commerceScope(orgId, app.type()), -1))
          .compose(v -> append(conn, instanceId, "commerce.application", id, sequence, "commerce.application.removed",
              change))
          .map(v -> app.withChange(change.at(), sequence));
    }), id);
  }

  // ---- events

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    return read(p -> query("SELECT * FROM events WHERE instance_id = $1 AND aggregate_id = $2 ORDER BY sequence",
        Tuple.of(instanceId, aggregateId)).map(rows -> all(rows, Rows::event)));
  }

  @Override
  public Future<Void> close() {
    return Future.join(changes.close(), pool.close()).mapEmpty();
  }
}
