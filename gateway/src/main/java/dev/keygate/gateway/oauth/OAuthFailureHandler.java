package dev.keygate.gateway.oauth;

import dev.keygate.gateway.http.ContractViolation;
import dev.keygate.gateway.http.ContractViolationException;
import dev.keygate.gateway.service.DomainError;
import dev.keygate.gateway.service.DomainException;
import dev.keygate.gateway.service.OAuthFailure;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of an OAuth route as RFC 6749 writes it: {@code {"error","error_description"}}. */
final class OAuthFailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthFailureHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    Throwable failure = rc.failure();
    if (failure instanceof OAuthFailure oauth) {
      send(rc, 400, oauth.reason().name().toLowerCase(java.util.Locale.ROOT), oauth.detail());
    } else if (failure instanceof ContractViolationException violation) {
      ContractViolation first = violation.violations().get(0);
      if ("grant_type".equals(first.name()) && "enum".equals(first.keyword())) {
        send(rc, 400, "unsupported_grant_type", "grant_type must be client_credentials or "
            + "urn:ietf:params:oauth:grant-type:jwt-bearer");
      } else {
        send(rc, 400, "invalid_request", describe(first));
      }
    } else if (failure instanceof DomainException domain && domain.error() == DomainError.UNAVAILABLE) {
      send(rc, 503, "temporarily_unavailable", "the store is unavailable");
    } else if (failure == null && rc.statusCode() == 413) {
      send(rc, 413, "invalid_request", "request body too large");
    } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
      send(rc, rc.statusCode(), "invalid_request", "bad request");
    } else {
      LOG.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), failure);
      send(rc, 500, "server_error", "internal error");
    }
  }

  private static String describe(ContractViolation violation) {
    return switch (violation.in()) {
      case MISSING_BODY -> "the request needs a form body";
      case CONTENT_TYPE -> "the body must be application/x-www-form-urlencoded";
      default -> violation.name().isEmpty() ? "the request is invalid"
          : "required".equals(violation.keyword()) ? violation.name() + " is required"
          : violation.name() + " is invalid";
    };
  }

  static void send(RoutingContext rc, int status, String error, String description) {
    rc.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(new JsonObject().put("error", error).put("error_description", description).encode());
  }
}
