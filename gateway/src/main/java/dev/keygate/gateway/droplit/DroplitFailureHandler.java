package dev.keygate.gateway.droplit;

import dev.keygate.gateway.service.DomainException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a Droplit route, in the one Droplit error structure. */
final class DroplitFailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(DroplitFailureHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    Throwable failure = rc.failure();
    DroplitError error;
    if (failure instanceof DroplitErrorException droplit) {
      error = droplit.error();
    } else if (failure instanceof DomainException domain) {
      error = switch (domain.error()) {
        case AUTH_HEADER_MISSING -> DroplitError.plain(401, "Unauthorized", "Authorization Missing");
        case AUTH_HEADER_INVALID, TOKEN_INVALID -> DroplitError.plain(401, "Unauthorized", "Token Invalid");
        case OPERATION_NOT_ALLOWED -> DroplitError.plain(403, "Forbidden", "Token Not Allowed");
        case ECOSYSTEM_NOT_FOUND -> DroplitError.notFound("Ecosystem Not Found");
        case CLIENT_NOT_FOUND -> DroplitError.notFound("Client Not Found");
        case UNAVAILABLE -> DroplitError.plain(503, "Unavailable", "Service Unavailable");
        default -> {
          LOG.error("unexpected domain error {} on {} {}", domain.error(), rc.request().method(), rc.request().path());
          yield DroplitError.plain(500, "InternalError", "Internal Error");
        }
      };
    } else if (failure == null && rc.statusCode() == 413) {
      error = DroplitError.plain(413, "PayloadTooLarge", "Payload Too Large");
    } else {
      LOG.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), failure);
      error = DroplitError.plain(500, "InternalError", "Internal Error");
    }
    // method, path and the error's name only: bodies, headers and values may carry credentials
    LOG.debug("{} {} answered {} {}", rc.request().method(), rc.request().path(), error.status(), error.message());
    send(rc, error);
  }

  static void send(RoutingContext rc, DroplitError error) {
    rc.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .end(error.toJson().toBuffer());
  }
}
