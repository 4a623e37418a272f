package dev.keygate.store.postgres;

import dev.keygate.store.StoreException;
import dev.keygate.store.StoreException.Entity;
import dev.keygate.store.StoreException.Kind;
import io.vertx.pgclient.PgException;
import java.util.Map;

/** Turns what the driver and the database report into the SPI's typed errors. */
final class PgErrors {

  /** Which entity a violated unique constraint protects. */
  private static final Map<String, Entity> UNIQUE = Map.ofEntries(
      Map.entry("instances_pkey", Entity.INSTANCE),
      Map.entry("instance_domains_pkey", Entity.INSTANCE_DOMAIN),
      Map.entry("organizations_pkey", Entity.ORGANIZATION),
      Map.entry("organizations_name_unique", Entity.ORGANIZATION_NAME),
      Map.entry("users_pkey", Entity.USER),
      Map.entry("users_user_name_unique", Entity.USER_NAME),
      Map.entry("projects_pkey", Entity.PROJECT),
      Map.entry("api_apps_pkey", Entity.API_APP),
      Map.entry("api_apps_name_unique", Entity.API_APP_NAME),
      Map.entry("personal_access_tokens_pkey", Entity.PAT),
      Map.entry("machine_keys_pkey", Entity.MACHINE_KEY),
      Map.entry("commerce_applications_pkey", Entity.COMMERCE_APP));

  private PgErrors() {}

  /**
   * @param fallback the entity a unique or foreign-key violation is about when the constraint does not say
   */
  static Throwable translate(Throwable failure, Entity fallback) {
    if (failure instanceof StoreException) {
      return failure;
    }
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      return switch (state) {
        case "23505" -> StoreException.alreadyExists(UNIQUE.getOrDefault(pg.getConstraint(), fallback));
        case "23503" -> StoreException.notFound(fallback);
        default -> unavailableState(state) ? unavailable("the database refused: " + state) : failure;
      };
    }
    // everything else the driver reports is about reaching the database: refused, closed or timed-out connections
    return unavailable("the database is unreachable: " + failure.getClass().getSimpleName());
  }

  /**
   * Connection exceptions (08), insufficient resources (53), operator intervention (57: shutdown, crash), and a
   * read-only session (25006): the server is a standby now, or a primary not yet open for writes, during a failover.
   */
  private static boolean unavailableState(String state) {
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.equals("40P01")
        || state.equals("40001") || state.equals("25006");
  }

  /**
   * A translated failure that says the database is away: in a batch it concerns every member alike, and none may run
   * twice (see {@link AggregateBatcher#settle}).
   */
  static boolean isUnavailable(Throwable failure) {
    return failure instanceof StoreException e && e.kind() == Kind.UNAVAILABLE;
  }

  static StoreException unavailable(String message) {
    return new StoreException(Kind.UNAVAILABLE, null, message);
  }
}
