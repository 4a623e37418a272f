package dev.keygate.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts of a connection URI in libpq's multi-host form,
 * {@code postgresql://user:password@h1:5432,h2:5432/db?target_session_attrs=read-write}
 * (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-MULTIPLE-HOSTS), which vertx-pg-client does not parse:
 * one single-host URI per host, in the order given, each with everything else the URI says, and what the URI asks of
 * the session it wants. A URI with one host and no {@code target_session_attrs} is what it always was.
 *
 * @param uris  one URI per host, in the URI's order, without {@code target_session_attrs}
 * @param attrs what the URI's {@code target_session_attrs} asks of the host the store writes to
 */
record PgHosts(List<String> uris, SessionAttrs attrs) {

  /** libpq's {@code target_session_attrs}, those a store that writes can use. */
  enum SessionAttrs {
    /** The first host that accepts a connection (libpq's default). */
    ANY,
    /**
     * The first host whose sessions can write ({@code read-write}, and {@code primary}, which libpq checks by
     * {@code in_hot_standby}; both are checked here by {@code SHOW transaction_read_only}, since a node an HA manager
     * just promoted is out of recovery but still read-only for a while).
     */
    READ_WRITE
  }

  private static final String ATTRS = "target_session_attrs=";

  /** Refused URIs; the message names the setting and never the password. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether the store must find its host among several, or check the one it has, rather than just connect to it. */
  boolean follows() {
    return uris.size() > 1 || attrs == SessionAttrs.READ_WRITE;
  }

  static PgHosts of(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return new PgHosts(List.of(uri), SessionAttrs.ANY);
    }
    String rest = uri.substring(scheme + 3);
    int authorityEnd = firstOf(rest, '/', '?');
    String authority = rest.substring(0, authorityEnd);
    int at = authority.lastIndexOf('@');
    String userInfo = authority.substring(0, at + 1);
    String hostList = authority.substring(at + 1);
    String path = rest.substring(authorityEnd);
    SessionAttrs attrs = SessionAttrs.ANY;
    int query = path.indexOf('?');
    if (query >= 0) {
      List<String> kept = new ArrayList<>();
      for (String parameter : path.substring(query + 1).split("&")) {
        if (parameter.startsWith(ATTRS)) {
          attrs = attrs(parameter.substring(ATTRS.length()));
        } else if (!parameter.isEmpty()) {
          kept.add(parameter);
        }
      }
      path = path.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }
    List<String> uris = new ArrayList<>();
    for (String host : hostList.split(",", -1)) {
      if (host.isBlank() && !hostList.isEmpty()) {
        throw new Refused(PostgresStoreProvider.URI + " lists an empty host: hosts are separated by single commas");
      }
      uris.add(uri.substring(0, scheme + 3) + userInfo + host.trim() + path);
    }
    return new PgHosts(List.copyOf(uris), attrs);
  }

  private static SessionAttrs attrs(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "any" -> SessionAttrs.ANY;
      case "read-write", "primary" -> SessionAttrs.READ_WRITE;
      default -> throw new Refused("target_session_attrs=" + value + " in " + PostgresStoreProvider.URI
          + " cannot be used: the store writes, so it takes read-write, primary or any");
    };
  }

  private static int firstOf(String text, char one, char other) {
    int first = text.length();
    for (char c : new char[] {one, other}) {
      int at = text.indexOf(c);
      if (at >= 0 && at < first) {
        first = at;
      }
    }
    return first;
  }
}
