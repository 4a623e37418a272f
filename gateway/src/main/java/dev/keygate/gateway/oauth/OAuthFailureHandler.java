package dev.keygate.gateway.oauth;

import dev.keygate.gateway.domain.CredentialFailure;
import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.edge.EdgeRejection;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every failure of an OAuth route as RFC 6749 writes it: {@code {"error","error_description"}}. */
final class OAuthFailureHandler extends SurfaceFailureHandler<OAuthFailureHandler.Answer> {

  record Answer(int status, OAuthError error, String description) {}

  /** A refused credential is answered with its reason in RFC 6749's words and the service's safe detail. */
  @Override
  protected Answer surfaceError(Throwable failure) {
    return failure instanceof CredentialFailure refused
        ? new Answer(400, OAuthError.of(refused.reason()), refused.detail()) : null;
  }

  /**
   * The token services refuse credentials with a {@link CredentialFailure}; a domain error here is the store's. A
   * switch without default: a new domain error does not compile until it has its answer here.
   */
  @Override
  protected Answer domainError(DomainError error) {
    return switch (error) {
      case UNAVAILABLE -> new Answer(503, OAuthError.TEMPORARILY_UNAVAILABLE, "the store is unavailable");
      // no OAuth endpoint adds to the store today (revocations are not counted); RFC 6749 has no 429, and
      // temporarily_unavailable is its word for "overloaded"
      case RESOURCE_EXHAUSTED -> new Answer(503, OAuthError.TEMPORARILY_UNAVAILABLE, "the store is full");
      // the store's word for an instance removed while the request ran (StoreFailures)
      case TOKEN_INVALID -> internalError();
      case INTERNAL -> internalError();
      // the other surfaces' errors, which no token service raises
      case AUTH_HEADER_MISSING, AUTH_HEADER_INVALID, ORG_NOT_FOUND, MEMBERSHIP_NOT_FOUND, PERMISSION_DENIED,
          INSTANCE_NOT_FOUND, INSTANCE_DOMAIN_TAKEN, PROJECT_NOT_FOUND_FOR_APP, PROJECT_NOT_FOUND, APP_NOT_FOUND,
          APP_NAME_TAKEN, APP_HAS_NO_SECRET, USER_NOT_FOUND, USER_NAME_TAKEN, USER_NOT_MACHINE,
          MACHINE_SECRET_NOT_FOUND, MEMBER_ALREADY_EXISTS, ORG_NAME_TAKEN, PAT_NOT_FOUND, KEY_NOT_FOUND,
          EXPIRATION_IN_PAST, OVERLAP_TOO_LONG,
          PREVIOUS_SECRET_NOT_FOUND, GIVEN_NAME_MISSING, FAMILY_NAME_MISSING, OPERATION_NOT_ALLOWED,
          ECOSYSTEM_NOT_FOUND, CLIENT_NOT_FOUND, COMMERCE_APP_NOT_FOUND, LOGIN_FAILED, IDEMPOTENCY_KEY_INVALID,
          IDEMPOTENCY_KEY_IN_FLIGHT, IDEMPOTENCY_KEY_REUSED -> internalError();
    };
  }

  @Override
  protected Answer contractViolation(String operationId, ContractViolationException violation) {
    ContractViolation first = violation.violations().get(0);
    if ("grant_type".equals(first.name()) && "enum".equals(first.keyword())) {
      return new Answer(400, OAuthError.UNSUPPORTED_GRANT_TYPE,
          "grant_type must be client_credentials or " + OAuthApi.JWT_BEARER);
    }
    return new Answer(400, OAuthError.INVALID_REQUEST, describe(first));
  }

  private static String describe(ContractViolation violation) {
    return switch (violation.kind()) {
      case MISSING_BODY -> "the request needs a form body";
      case CONTENT_TYPE -> "the body must be application/x-www-form-urlencoded";
      case MALFORMED_BODY -> "the request is invalid";
      case NOT_ALLOWED -> violation.name() + " is invalid";
      case SCHEMA -> violation.name().isEmpty() ? "the request is invalid"
          : "required".equals(violation.keyword()) ? violation.name() + " is required"
          : violation.name() + " is invalid";
    };
  }

  @Override
  protected Answer malformedBody(MalformedBodyException malformed) {
    return new Answer(400, OAuthError.INVALID_REQUEST, "the body must be application/x-www-form-urlencoded");
  }

  @Override
  protected Answer bodyTooLarge() {
    return new Answer(413, OAuthError.INVALID_REQUEST, "request body too large");
  }

  /** RFC 6749 has one word for a request it cannot use: invalid_request, whatever the HTTP status. */
  @Override
  protected Answer rejected(EdgeRejection.Kind kind) {
    return new Answer(kind.status(), OAuthError.INVALID_REQUEST, kind.message());
  }

  @Override
  protected Answer clientError(int status) {
    return new Answer(status, OAuthError.INVALID_REQUEST, "bad request");
  }

  @Override
  protected Answer internalError() {
    return new Answer(500, OAuthError.SERVER_ERROR, "internal error");
  }

  @Override
  protected void send(RoutingContext rc, Answer answer) {
    send(rc, answer.status(), answer.error(), answer.description());
  }

  static void send(RoutingContext rc, int status, OAuthError error, String description) {
    rc.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(new JsonObject().put("error", error.code()).put("error_description", description).encode());
  }
}
