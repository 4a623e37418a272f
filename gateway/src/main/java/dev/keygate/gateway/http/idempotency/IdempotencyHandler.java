package dev.keygate.gateway.http.idempotency;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The {@code Idempotency-Key} step of an operation the contract marks {@code x-keygate-idempotent}: it runs after
 * authentication, authorization and validation (so the principal is known), before the business handler. A request
 * without the header passes at once, at the cost of one header lookup. With it, the key is claimed for the tenant and
 * principal ({@link SurfaceBinding#idempotencyScope}): a replay is answered here with the first answer (status,
 * content type, body, and {@code Idempotent-Replayed: true}); a refusal goes to the surface's failure handler; a
 * granted request runs on, and {@link Replies} remembers its successful answer before sending it. A request that fails
 * releases the key before its error answer goes out ({@link SurfaceFailureHandler}), so that its retry runs anew.
 */
public final class IdempotencyHandler implements Handler<RoutingContext> {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";

  private final IdempotentRequests requests;
  private final SurfaceBinding surface;

  public IdempotencyHandler(IdempotentRequests requests, SurfaceBinding surface) {
    this.requests = requests;
    this.surface = surface;
  }

  /** A granted request's lease, and whether it was settled: its answer handed over to be remembered, or released. */
  private static final class Held {
    private final IdempotentRequests.Lease lease;
    private boolean settled;

    Held(IdempotentRequests.Lease lease) {
      this.lease = lease;
    }
  }

  @Override
  public void handle(RoutingContext rc) {
    String header = rc.request().getHeader(HEADER);
    if (header == null) {
      rc.next();
      return;
    }
    List<String> all = rc.request().headers().getAll(HEADER);
    String key = all.size() == 1 ? IdempotencyKeyHeader.parse(header) : null;
    if (key == null) {
      rc.fail(DomainError.IDEMPOTENCY_KEY_INVALID.exception());
      return;
    }
    requests.claim(surface.idempotencyScope(rc), key, RequestFingerprint.of(rc)).onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
      } else if (done.result() instanceof IdempotentRequests.Replay replay) {
        replay(rc, replay.answer());
      } else {
        Held held = new Held((IdempotentRequests.Lease) done.result());
        rc.put(RequestKeys.IDEMPOTENCY, held);
        rc.addEndHandler(ended -> {
          // an answer that went out unsettled (not through Replies or the failure handler) frees the key; a
          // connection lost before any answer leaves the key to the request, which may still succeed
          if (!held.settled && ended.succeeded()) {
            held.lease.release();
          }
        });
        rc.next();
      }
    });
  }

  /**
   * Runs {@code send} (a successful answer's) once the answer is remembered, when the request holds an
   * Idempotency-Key, so that a client that lost the answer gets it again by retrying; at once otherwise, and for a
   * status outside 2xx.
   */
  public static void rememberThenSend(RoutingContext rc, int status, String contentType, Buffer body, Runnable send) {
    Held held = rc.get(RequestKeys.IDEMPOTENCY);
    if (held == null || status < 200 || status > 299) {
      send.run();
      return;
    }
    held.settled = true;
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    held.lease.remember(new IdempotentRequests.Answer(status, contentType, bytes)).onComplete(remembered -> send.run());
  }

  /**
   * Runs {@code answer} (an error answer) once the request's Idempotency-Key, if it holds one, is released, so that a
   * retry sent as soon as the error arrives finds the key free.
   */
  public static void releaseBefore(RoutingContext rc, Runnable answer) {
    Held held = rc.get(RequestKeys.IDEMPOTENCY);
    if (held == null || held.settled) {
      answer.run();
      return;
    }
    held.settled = true;
    held.lease.release().onComplete(released -> answer.run());
  }

  private static void replay(RoutingContext rc, IdempotentRequests.Answer answer) {
    var response = rc.response().setStatusCode(answer.status()).putHeader(REPLAYED, "true");
    if (answer.contentType() != null) {
      response.putHeader("content-type", answer.contentType());
    }
    response.end(Buffer.buffer(answer.body()));
  }
}
