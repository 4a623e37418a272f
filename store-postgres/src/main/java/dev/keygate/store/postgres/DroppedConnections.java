package dev.keygate.store.postgres;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection PostgreSQL ends (a restart, {@code pg_terminate_backend}, a reset by the network) reports the failure
 * to its exception handler; a connection without one has vertx-sql-client print the stack trace on standard error,
 * outside the log. Watched connections say it in one WARN line instead, once per connection: the store already
 * answers what it could not do as unavailable and opens new connections by itself, so the trace tells an operator
 * nothing more. The pool's idle connections need no watching: the pool drops them silently.
 */
final class DroppedConnections {

  private static final Logger LOG = LoggerFactory.getLogger(DroppedConnections.class);

  private DroppedConnections() {}

  /**
   * From now on, {@code conn} dropping is one WARN line: what was dropped ({@code role}, e.g. "the change feed's
   * connection"), the reason, and what follows from it ({@code consequence}).
   */
  static void watch(SqlConnection conn, String role, String consequence) {
    boolean[] told = {false}; // the handler runs on the connection's context only
    conn.exceptionHandler(failure -> {
      if (!told[0]) {
        told[0] = true;
        LOG.warn("PostgreSQL dropped {}: {}; {}", role, describe(failure), consequence);
      }
    });
  }

  /** The server's own words when it sent any (they carry the SQLSTATE), else the network's. */
  static String describe(Throwable failure) {
    if (failure instanceof PgException) {
      return failure.getMessage();
    }
    return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
