package dev.keygate.gateway.http.edge;

import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties a response to the log lines about it. A client's own {@code X-Request-Id} is kept when it is
 * sane (1–64 characters of {@code [A-Za-z0-9._-]}, so it cannot forge or break a log line); otherwise one is
 * generated. It is set on the response before anything else runs, so every answer carries it, errors included.
 */
public final class RequestIds {

  public static final String HEADER = "x-request-id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {}

  /** Sets the id on the response of this request and returns it. */
  public static String assign(HttpServerRequest request) {
    String given = request.getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : generated();
    request.response().putHeader(HEADER, id);
    return id;
  }

  /**
   * A random version-4 UUID from {@link ThreadLocalRandom}: a request id only has to be unique, never secret (it is
   * echoed and logged), and {@link UUID#randomUUID()} draws from the JVM's one SecureRandom, which every event loop
   * then waits for on every request.
   */
  static String generated() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** The id already assigned to this request's response ("-" if none was). */
  public static String of(HttpServerRequest request) {
    String id = request.response().headers().get(HEADER);
    return id == null ? "-" : id;
  }
}
