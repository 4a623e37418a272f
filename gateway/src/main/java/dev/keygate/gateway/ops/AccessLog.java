package dev.keygate.gateway.ops;

import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.edge.RequestIds;
import dev.keygate.gateway.service.access.Caller;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code KEYGATE_ACCESS_LOG=json}: one JSON line per request on the logger {@code keygate.access} (logback.xml sends
 * it, alone, through an asynchronous appender to standard output), with the time, the request id (the client's
 * {@code X-Request-Id} when sane, else the generated one the response carries), surface, contract operation, status,
 * duration in milliseconds until the answer's headers went out, and the tenant instance the caller
 * authenticated for. Nothing else: no header value, path, query, body, token or secret can reach the line, as none is
 * read here. Every value written is of a known small alphabet; {@link #safe} keeps it so even if that changed.
 */
public final class AccessLog {

  public static final String LOGGER = "keygate.access";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  void write(RoutingContext rc, String surface, String operation, int status, long nanos) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Object caller = rc.get(RequestKeys.CALLER);
    String instance = caller instanceof Caller c ? c.instanceId() : null;
    StringBuilder line = new StringBuilder(192)
        .append("{\"time\":\"").append(Instant.now()).append('"')
        .append(",\"requestId\":\"").append(safe(RequestIds.of(rc.request()))).append('"')
        .append(",\"surface\":\"").append(safe(surface)).append('"')
        .append(",\"operation\":\"").append(safe(operation)).append('"')
        .append(",\"method\":\"").append(safe(rc.request().method().name())).append('"')
        .append(",\"status\":").append(status)
        .append(",\"durationMs\":").append(nanos / 1_000_000).append('.')
        .append((char) ('0' + (nanos / 100_000) % 10)).append((char) ('0' + (nanos / 10_000) % 10));
    if (instance != null) {
      line.append(",\"instanceId\":\"").append(safe(instance)).append('"');
    }
    LOG.info(line.append('}').toString());
  }

  /** Letters, digits and {@code ._-} only; anything else becomes {@code _}, so a value can never break the line. */
  static String safe(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!allowed(value.charAt(i))) {
        StringBuilder cleaned = new StringBuilder(value.length());
        for (int j = 0; j < value.length(); j++) {
          cleaned.append(allowed(value.charAt(j)) ? value.charAt(j) : '_');
        }
        return cleaned.toString();
      }
    }
    return value;
  }

  private static boolean allowed(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
  }
}
