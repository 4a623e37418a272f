package dev.keygate.gateway.oauth;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.ContractViolation;
import dev.keygate.gateway.http.ContractViolationException;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.service.OAuthFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** Every failure of an OAuth route as RFC 6749 writes it: {@code {"error","error_description"}}. */
final class OAuthFailureHandler extends SurfaceFailureHandler<OAuthFailureHandler.Answer> {

  record Answer(int status, String error, String description) {}

  @Override
  protected Answer surfaceError(Throwable failure) {
    return failure instanceof OAuthFailure oauth
        ? new Answer(400, oauth.reason().name().toLowerCase(Locale.ROOT), oauth.detail()) : null;
  }

  @Override
  protected Answer domainError(DomainError error) {
    return error == DomainError.UNAVAILABLE ? new Answer(503, "temporarily_unavailable", "the store is unavailable")
        : internalError();
  }

  @Override
  protected Answer contractViolation(String operationId, ContractViolationException violation) {
    ContractViolation first = violation.violations().get(0);
    if ("grant_type".equals(first.name()) && "enum".equals(first.keyword())) {
      return new Answer(400, "unsupported_grant_type",
          "grant_type must be client_credentials or urn:ietf:params:oauth:grant-type:jwt-bearer");
    }
    return new Answer(400, "invalid_request", describe(first));
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

  @Override
  protected Answer malformedBody() {
    return new Answer(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
  }

  @Override
  protected Answer bodyTooLarge() {
    return new Answer(413, "invalid_request", "request body too large");
  }

  @Override
  protected Answer clientError(int status) {
    return new Answer(status, "invalid_request", "bad request");
  }

  @Override
  protected Answer internalError() {
    return new Answer(500, "server_error", "internal error");
  }

  @Override
  protected void send(RoutingContext rc, Answer answer) {
    send(rc, answer.status(), answer.error(), answer.description());
  }

  static void send(RoutingContext rc, int status, String error, String description) {
    rc.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(new JsonObject().put("error", error).put("error_description", description).encode());
  }
}
