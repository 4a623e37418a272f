package dev.keygate.gateway.droplit;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.edge.EdgeRejection;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import dev.keygate.gateway.http.edge.RequestIds;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a Droplit route, in the one Droplit error structure. */
final class DroplitFailureHandler extends SurfaceFailureHandler<DroplitError> {

  private static final Logger LOG = LoggerFactory.getLogger(DroplitFailureHandler.class);

  @Override
  protected DroplitError surfaceError(Throwable failure) {
    return failure instanceof DroplitErrorException droplit ? droplit.error() : null;
  }

  /** A switch without default: a new domain error does not compile until it has its Droplit error here. */
  @Override
  protected DroplitError domainError(DomainError error) {
    return switch (error) {
      case AUTH_HEADER_MISSING -> DroplitError.plain(401, "Unauthorized", "Authorization Missing");
      case AUTH_HEADER_INVALID, TOKEN_INVALID -> DroplitError.plain(401, "Unauthorized", "Token Invalid");
      case OPERATION_NOT_ALLOWED -> DroplitError.plain(403, "Forbidden", "Token Not Allowed");
      case ECOSYSTEM_NOT_FOUND -> DroplitError.notFound("Ecosystem Not Found");
      case CLIENT_NOT_FOUND -> DroplitError.notFound("Client Not Found");
      case IDEMPOTENCY_KEY_INVALID -> DroplitError.plain(400, "BadRequest", "Idempotency Key Invalid");
      case IDEMPOTENCY_KEY_IN_FLIGHT -> DroplitError.plain(409, "Conflict", "Idempotency Key In Use");
      case IDEMPOTENCY_KEY_REUSED -> DroplitError.plain(422, "UnprocessableEntity", "Idempotency Key Reused");
      case UNAVAILABLE -> DroplitError.plain(503, "Unavailable", "Service Unavailable");
      case RESOURCE_EXHAUSTED -> DroplitError.plain(429, "TooManyRequests", "Capacity Exhausted");
      case EXPIRATION_IN_PAST -> TokenExpiry.invalid();
      case INTERNAL -> internalError(); // SurfaceFailureHandler has logged it
      // the other surfaces' errors, which no Droplit service raises: one arriving here is Keygate's fault
      case ORG_NOT_FOUND, MEMBERSHIP_NOT_FOUND, PERMISSION_DENIED, INSTANCE_NOT_FOUND, INSTANCE_DOMAIN_TAKEN,
          PROJECT_NOT_FOUND_FOR_APP, PROJECT_NOT_FOUND, APP_NOT_FOUND, APP_NAME_TAKEN, APP_HAS_NO_SECRET,
          USER_NOT_FOUND, USER_NAME_TAKEN, USER_NOT_MACHINE, MACHINE_SECRET_NOT_FOUND, MEMBER_ALREADY_EXISTS,
          ORG_NAME_TAKEN, PAT_NOT_FOUND, KEY_NOT_FOUND, OVERLAP_TOO_LONG, PREVIOUS_SECRET_NOT_FOUND, GIVEN_NAME_MISSING,
          FAMILY_NAME_MISSING, COMMERCE_APP_NOT_FOUND, LOGIN_FAILED -> {
        LOG.error("unexpected domain error {}", error);
        yield internalError();
      }
    };
  }

  /** Droplit's checks run in the handlers (DroplitChecks), so a violation reaching here is unexpected. */
  @Override
  protected DroplitError contractViolation(String operationId, ContractViolationException violation) {
    return internalError();
  }

  @Override
  protected DroplitError malformedBody(MalformedBodyException malformed) {
    return internalError();
  }

  @Override
  protected DroplitError bodyTooLarge() {
    return DroplitError.plain(413, "PayloadTooLarge", "Payload Too Large");
  }

  /** Droplit names every error; the edge's refusals get names of the same kind (see the contract's Error). */
  @Override
  protected DroplitError rejected(EdgeRejection.Kind kind) {
    return switch (kind) {
      case BODY_TOO_LARGE -> bodyTooLarge();
      case URI_TOO_LONG -> DroplitError.plain(414, "UriTooLong", "URI Too Long");
      case HEADERS_TOO_LARGE -> DroplitError.plain(431, "HeadersTooLarge", "Request Header Fields Too Large");
      case UNSUPPORTED_MEDIA_TYPE -> DroplitError.plain(415, "UnsupportedMediaType", "Unsupported Media Type");
      case EXPECTATION_FAILED -> DroplitError.plain(417, "ExpectationFailed", "Expectation Failed");
      case BODY_NOT_ALLOWED -> DroplitError.plain(400, "BadRequest", "Body Not Allowed");
      case INVALID_CHARACTERS -> DroplitError.plain(400, "BadRequest", "Invalid Characters");
      case MALFORMED_FORM, AMBIGUOUS_FRAMING, BAD_REQUEST -> DroplitError.plain(400, "BadRequest", "Bad Request");
    };
  }

  @Override
  protected DroplitError clientError(int status) {
    return internalError();
  }

  @Override
  protected DroplitError internalError() {
    return DroplitError.plain(500, "InternalError", "Internal Error");
  }

  @Override
  protected void send(RoutingContext rc, DroplitError error) {
    // method, path and the error's name only: bodies, headers and values may carry credentials
    LOG.debug("{} {} answered {} {} (request {})", rc.request().method(), rc.request().path(), error.status(),
        error.message(), RequestIds.of(rc.request()));
    sendError(rc, error);
  }

  static void sendError(RoutingContext rc, DroplitError error) {
    rc.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .end(error.toJson().toBuffer());
  }
}
