package dev.keygate.gateway.http;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.edge.DecoderFailures;
import dev.keygate.gateway.http.edge.EdgeRejection;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import dev.keygate.gateway.http.edge.RequestIds;
import dev.keygate.gateway.http.idempotency.IdempotencyHandler;
import dev.keygate.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure handler of a surface. How a failed request is classified is the same everywhere: the surface's own
 * failures, domain errors, refusals of the HTTP edge ({@link EdgeRejection}, and the body decoder's own), contract
 * violations, malformed bodies, too large bodies, other client errors, and anything else as an internal error (the
 * only case logged above DEBUG, with the request id the response carries in {@code X-Request-Id}). What each looks like
 * on the wire is the surface's: {@code E} is its error value, {@link #send} writes it. Never log bodies, headers or
 * values: they may carry credentials.
 */
public abstract class SurfaceFailureHandler<E> implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(SurfaceFailureHandler.class);

  @Override
  public final void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    E error = classify(rc, rc.failure());
    IdempotencyHandler.releaseBefore(rc, () -> send(rc, error));
  }

  /**
   * Answers a request the HTTP edge refused, at once, without the router's failure routing: that routing matches the
   * failure against every route's path, and a path with a broken percent escape makes Vert.x's path normalization
   * throw there, which would turn a client's mistake into an unhandled error.
   */
  public final void refuse(RoutingContext rc, EdgeRejection rejection) {
    send(rc, rejected(rejection.kind()));
  }

  private E classify(RoutingContext rc, Throwable failure) {
    E own = surfaceError(failure);
    if (own != null) {
      return own;
    }
    if (failure instanceof DomainException domain) {
      if (domain.error() == DomainError.INTERNAL) {
        LOG.error("internal error on {} {} (request {})", rc.request().method(), rc.request().path(),
            RequestIds.of(rc.request()));
      }
      return domainError(domain.error());
    }
    if (unavailable(failure)) {
      LOG.debug("{} {}: the store is unreachable (request {})", rc.request().method(), rc.request().path(),
          RequestIds.of(rc.request()));
      return domainError(DomainError.UNAVAILABLE);
    }
    if (failure instanceof EdgeRejection rejection) {
      return rejected(rejection.kind());
    }
    EdgeRejection.Kind decoding = DecoderFailures.kind(failure);
    if (decoding != null) {
      LOG.debug("{} {} refused while decoding the body: {} (request {})", rc.request().method(),
          rc.request().path(), decoding, RequestIds.of(rc.request()));
      return rejected(decoding);
    }
    if (failure instanceof ContractViolationException violation) {
      return contractViolation(operationId(rc), violation);
    }
    if (failure instanceof MalformedBodyException malformed) {
      return malformedBody(malformed);
    }
    if (rc.statusCode() == 413) {
      return bodyTooLarge();
    }
    if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
      return clientError(rc.statusCode());
    }
    if (failure instanceof VertxException && rc.statusCode() == 400) {
      // Vert.x Web's own refusal of a malformed request (an HTTP/1.1 request without a usable Host, an empty path)
      LOG.debug("{} refused by the router: {} (request {})", rc.request().method(), failure.getMessage(),
          RequestIds.of(rc.request()));
      return rejected(EdgeRejection.Kind.BAD_REQUEST);
    }
    if (clientWentAway(failure)) {
      // the connection closed under the request (a reset, a half-close): nobody is left to read an answer
      LOG.debug("{} {}: the connection closed before the answer", rc.request().method(), rc.request().path());
      return internalError();
    }
    // Keygate's own fault: the one case logged at ERROR, with the id the response carries too
    LOG.error("unexpected failure on {} {} (request {})", rc.request().method(), rc.request().path(),
        RequestIds.of(rc.request()), failure);
    return internalError();
  }

  /**
   * The store's one typed failure for "unreachable", whichever operation met it: services translate it where they
   * translate other store errors, and this catches every read that passes it on untranslated, so that no operation
   * answers an outage as an internal error.
   */
  private static boolean unavailable(Throwable failure) {
    return causedBy(failure, t -> t instanceof StoreException store && store.kind() == StoreException.Kind.UNAVAILABLE);
  }

  private static boolean clientWentAway(Throwable failure) {
    return causedBy(failure, t -> t instanceof HttpClosedException);
  }

  private static boolean causedBy(Throwable failure, Predicate<Throwable> test) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  /** A failure this surface answers in its own terms (a Droplit error, a refused OAuth credential), or null. */
  protected E surfaceError(Throwable failure) {
    return null;
  }

  protected abstract E domainError(DomainError error);

  protected abstract E contractViolation(String operationId, ContractViolationException violation);

  /** The body is not JSON; {@code malformed} says where ({@link MalformedBodyException#position()}). */
  protected abstract E malformedBody(MalformedBodyException malformed);

  protected abstract E bodyTooLarge();

  /** A request the HTTP edge refused before any surface logic; the answer's status is {@code kind.status()}. */
  protected abstract E rejected(EdgeRejection.Kind kind);

  protected abstract E clientError(int status);

  protected abstract E internalError();

  protected abstract void send(RoutingContext rc, E error);

  /** The contract operation of the failed route, or null outside one. */
  public static String operationId(RoutingContext rc) {
    Route route = rc.currentRoute();
    Object operation = route == null ? null : route.getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    return operation instanceof Operation op ? op.getOperationId() : null;
  }
}
