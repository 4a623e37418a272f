package dev.keygate.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;
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
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    request.response().putHeader(HEADER, id);
    return id;
  }

  /** The id already assigned to this request's response ("-" if none was). */
  public static String of(HttpServerRequest request) {
    String id = request.response().headers().get(HEADER);
    return id == null ? "-" : id;
  }
}
