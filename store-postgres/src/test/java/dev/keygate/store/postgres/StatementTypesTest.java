package dev.keygate.store.postgres;

import static dev.keygate.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.KeygateStore;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * vertx-pg-client prepares a statement without parameter types first and lets PostgreSQL deduce them; only when that
 * fails does it prepare again with the types of the values. The write still succeeds, but PostgreSQL logs the first
 * attempt as an ERROR on every new connection. So every statement of the store must be typed by PostgreSQL alone:
 * each is prepared here untyped, as the driver's first attempt is.
 */
class StatementTypesTest {

  private static final Pattern SQL = Pattern.compile("^\\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\\b.*", Pattern.DOTALL);

  @Test
  void everyStatementOfTheStoreIsTypedByPostgresWithoutTheValues() throws Exception {
    Map<String, String> statements = statements();
    assertThat(statements).as("the store's statements were found").containsKey("PgMachineSecrets.SET_MACHINE_SECRET");
    Vertx vertx = Vertx.vertx();
    PostgresStoreOptions options = TestPostgres.shared().freshStore();
    KeygateStore store = await(PostgresStore.open(vertx, options)); // migrates the schema the statements use
    try {
      PgConnection conn = await(PgConnection.connect(vertx, PgConnectOptions.fromUri(options.uri())
          .addProperty("search_path", options.schema())));
      List<String> untypable = new ArrayList<>();
      int n = 0;
      for (Map.Entry<String, String> statement : statements.entrySet()) {
        // PREPARE without types deduces them as an untyped Parse does; unlike the driver, it has no fallback
        try {
          await(conn.query("PREPARE probe" + ++n + " AS " + statement.getValue()).execute());
        } catch (RuntimeException e) {
          untypable.add(statement.getKey() + ": " + e.getMessage());
        }
      }
      assertThat(untypable).isEmpty();
      await(conn.close());
    } finally {
      await(store.close());
      await(vertx.close());
    }
  }

  /** The SQL constants of the store's classes, by class and field name. */
  private static Map<String, String> statements() throws IOException, URISyntaxException, ReflectiveOperationException {
    Path classes = Path.of(PgExecutor.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(PgExecutor.class.getPackageName().replace('.', '/'));
    List<String> names;
    try (Stream<Path> files = Files.list(classes)) {
      names = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
          .map(name -> name.substring(0, name.length() - ".class".length())).sorted().toList();
    }
    Map<String, String> statements = new LinkedHashMap<>();
    for (String name : names) {
      Class<?> type = Class.forName(PgExecutor.class.getPackageName() + "." + name);
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())
            && field.getType() == String.class) {
          field.setAccessible(true);
          String value = (String) field.get(null);
          if (value != null && SQL.matcher(value).matches()) {
            statements.put(type.getSimpleName() + "." + field.getName(), value);
          }
        }
      }
    }
    return statements;
  }
}
