package dev.keygate.gateway.http;

import dev.keygate.gateway.http.idempotency.IdempotencyHandler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

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

  /** {@link #json(RoutingContext, int, Future, Function)} with status 200, the status of most answers. */
  public static <T> void json(RoutingContext rc, Future<T> result, Function<? super T, JsonObject> render) {
    json(rc, 200, result, render);
  }

  /**
   * Answers with this status and {@code render}'s JSON of the result (null: the status only), or hands the failure,
   * the service's or the renderer's, to the surface's failure handler.
   */
  public static <T> void json(RoutingContext rc, int status, Future<T> result,
                              Function<? super T, JsonObject> render) {
    result.map(render::apply).onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
      } else {
        json(rc, status, done.result() == null ? null : done.result().toBuffer());
      }
    });
  }

  private static void end(RoutingContext rc, Buffer body) {
    if (body == null) {
      rc.response().end();
    } else {
      rc.response().end(body);
    }
  }
}
