package dev.keygate.gateway.http;

import dev.keygate.gateway.http.idempotency.IdempotencyHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends a surface's successful answer. For a request that holds an Idempotency-Key ({@link IdempotencyHandler}) the
 * answer is remembered first, then sent, so that a client that lost it can get it again by retrying; for every other
 * request it is sent at once.
 */
public final class Replies {

  private static final String JSON = "application/json";

  private Replies() {}

  /** A JSON answer with this status; a null body sends the status only. */
  public static void json(RoutingContext rc, int status, Buffer body) {
    rc.response().setStatusCode(status);
    if (body != null) {
      rc.response().putHeader("content-type", JSON);
    }
    IdempotencyHandler.rememberThenSend(rc, status, body == null ? null : JSON, body, () -> end(rc, body));
  }

  private static void end(RoutingContext rc, Buffer body) {
    if (body == null) {
      rc.response().end();
    } else {
      rc.response().end(body);
    }
  }
}
