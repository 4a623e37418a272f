package dev.keygate.store.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict, versioned migration runner. Migrations are the files {@code V<n>__<description>.sql} listed in
 * {@code migrations/index.txt}; each is applied once, in version order, in the same transaction as its row in
 * {@code keygate_migrations}. At every start the applied ones are checked: a migration whose text changed after it was
 * applied, or an applied version this build does not know (a newer Keygate ran here), refuses the start.
 *
 * <p>Several gateway processes may start at once on one database: a transaction-scoped advisory lock makes them apply
 * the migrations one after the other, and the later ones then find nothing left to do.
 */
public final class SchemaMigrations {

  private static final String LOCATION = "/dev/keygate/store/postgres/migrations/";
  private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

  /** One migration of this build. */
  public record Migration(int version, String description, String sql, String checksum) {}

  private final List<Migration> migrations;

  public SchemaMigrations(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
  }

  /** The migrations shipped in this jar. */
  public static SchemaMigrations bundled() {
    List<Migration> list = new ArrayList<>();
    for (String name : read("index.txt").split("\\R")) {
      if (!name.isBlank()) {
        list.add(migration(name.strip(), read(name.strip())));
      }
    }
    return new SchemaMigrations(list);
  }

  public static Migration migration(String fileName, String sql) {
    Matcher m = FILE.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a migration file name: " + fileName);
    }
    return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), sql, sha256(sql));
  }

  public List<Migration> migrations() {
    return migrations;
  }

  /** Applies what is missing; fails with {@link MigrationException} when the database does not match this build. */
  public Future<Integer> apply(Pool pool, String schema) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of("keygate-migrations:" + schema))
        // "already exists, skipping" notices would reach the log as warnings at every start
        .compose(v -> conn.query("SET LOCAL client_min_messages TO warning").execute())
        .compose(v -> conn.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute())
        .compose(v -> conn.query("SET LOCAL search_path TO " + schema).execute())
        .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS keygate_migrations (version integer PRIMARY KEY, "
            + "description text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
            .execute())
        .compose(v -> conn.query("SELECT version, checksum FROM keygate_migrations ORDER BY version").execute())
        .compose(rows -> {
          Map<Integer, String> applied = new TreeMap<>();
          for (Row row : rows) {
            applied.put(row.getInteger("version"), row.getString("checksum"));
          }
          return applyMissing(conn, pending(applied));
        }));
  }

  /** Checks what was applied against this build, and returns what is still to apply, in order. */
  List<Migration> pending(Map<Integer, String> applied) {
    Map<Integer, Migration> known = new TreeMap<>();
    migrations.forEach(m -> known.put(m.version(), m));
    for (Map.Entry<Integer, String> entry : applied.entrySet()) {
      Migration mine = known.get(entry.getKey());
      if (mine == null) {
        throw new MigrationException("the database has migration V" + entry.getKey()
            + ", which this Keygate does not know: it was migrated by a newer version");
      }
      if (!mine.checksum().equals(entry.getValue())) {
        throw new MigrationException("migration V" + mine.version() + " (" + mine.description()
            + ") was changed after it was applied to this database: its checksum differs");
      }
    }
    return known.values().stream().filter(m -> !applied.containsKey(m.version())).toList();
  }

  private static Future<Integer> applyMissing(SqlConnection conn, List<Migration> pending) {
    Future<Void> chain = Future.succeededFuture();
    for (Migration migration : pending) {
      chain = chain
          .compose(v -> conn.query(migration.sql()).execute()
              // the operator needs to know which file failed, not only what PostgreSQL said
              .recover(failure -> Future.failedFuture(new MigrationException("migration V" + migration.version()
                  + " (" + migration.description() + ") failed: " + failure.getMessage()))))
          .compose(v -> conn.preparedQuery(
                  "INSERT INTO keygate_migrations (version, description, checksum) VALUES ($1, $2, $3)")
              .execute(Tuple.of(migration.version(), migration.description(), migration.checksum())))
          .mapEmpty();
    }
    return chain.map(v -> pending.size());
  }

  private static String read(String name) {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream(LOCATION + name)) {
      if (in == null) {
        throw new IllegalStateException("missing migration resource " + LOCATION + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The database's schema does not match this build; Keygate must not start on it. */
  public static final class MigrationException extends RuntimeException {
    public MigrationException(String message) {
      super(message);
    }
  }
}
