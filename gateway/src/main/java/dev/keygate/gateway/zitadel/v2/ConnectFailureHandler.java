package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.edge.EdgeRejection;
import dev.keygate.gateway.http.edge.JsonPosition;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import dev.keygate.gateway.http.edge.RequestIds;
import dev.keygate.gateway.http.protojson.ProtoJsonException;
import dev.keygate.gateway.zitadel.ZitadelErrorCatalogue;
import dev.keygate.gateway.zitadel.ZitadelValidationMessages;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a v2 method, in Connect's error shape. What is said is what ZITADEL's v1 API says for the same
 * failure (its catalogue and its validation messages); only the envelope and the status table are Connect's.
 */
final class ConnectFailureHandler extends SurfaceFailureHandler<ConnectError> {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectFailureHandler.class);

  private final ZitadelValidationMessages validationMessages;

  ConnectFailureHandler(ZitadelValidationMessages validationMessages) {
    this.validationMessages = validationMessages;
  }

  @Override
  protected ConnectError surfaceError(Throwable failure) {
    if (failure instanceof ConnectRefusal refusal) {
      return refusal.error();
    }
    if (failure instanceof ProtoJsonException refused) {
      return ConnectError.plain(3, "proto: " + refused.text());
    }
    if (failure instanceof MalformedBodyException malformed && malformed.duplicateKey() != null) {
      return ConnectError.plain(3, "proto: duplicate field " + Json.encode(malformed.duplicateKey()));
    }
    return null;
  }

  @Override
  protected ConnectError domainError(DomainError domain) {
    ConnectError error = ConnectError.of(ZitadelErrorCatalogue.of(domain));
    // the IETF Idempotency-Key draft's 422, as on every surface; the code stays failed_precondition
    return domain == DomainError.IDEMPOTENCY_KEY_REUSED ? error.withStatus(422) : error;
  }

  @Override
  protected ConnectError contractViolation(String operationId, ContractViolationException violation) {
    ConnectError error = ConnectError.plain(3, validationMessages.message(operationId, violation.violations(),
        violation.body()));
    // Connect's answer to a content type the server does not take is HTTP 415 (connectrpc.com/docs/protocol,
    // "Unary-Request"): Connect's clients and proxies read it as such, whatever the body says
    boolean contentType = violation.violations().stream()
        .anyMatch(each -> each.kind() == ContractViolation.Kind.CONTENT_TYPE);
    return contentType ? error.withStatus(415) : error;
  }

  @Override
  protected ConnectError malformedBody(MalformedBodyException malformed) {
    JsonPosition at = malformed.position();
    return ConnectError.plain(3, "proto: syntax error (line " + at.line() + ":" + at.column()
        + "): the request body is not valid JSON");
  }

  @Override
  protected ConnectError bodyTooLarge() {
    return ConnectError.plain(8, "request body too large").withStatus(413);
  }

  @Override
  protected ConnectError rejected(EdgeRejection.Kind kind) {
    int code = switch (kind) {
      case BODY_TOO_LARGE, URI_TOO_LONG, HEADERS_TOO_LARGE -> 8;
      default -> 3;
    };
    return ConnectError.plain(code, kind.message()).withStatus(kind.status());
  }

  @Override
  protected ConnectError clientError(int status) {
    return ConnectError.plain(3, "bad request").withStatus(status);
  }

  @Override
  protected ConnectError internalError() {
    return domainError(DomainError.INTERNAL);
  }

  @Override
  protected void send(RoutingContext rc, ConnectError error) {
    // method, path and outcome only: bodies, headers and quoted values may carry credentials
    LOG.debug("{} {} answered {} ({}, request {})", rc.request().method(), rc.request().path(), error.httpStatus(),
        error.code(), RequestIds.of(rc.request()));
    send(rc, error, error.httpStatus());
  }

  static void send(RoutingContext rc, ConnectError error, int status) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(error.toJson().toBuffer());
  }

  /**
   * A path no v2 method has. Connect reads an HTTP 404 as {@code unimplemented}, which is what an unknown procedure
   * is; the body says so in Connect's shape.
   */
  static void notFound(RoutingContext rc) {
    send(rc, ConnectError.plain(12, "unknown procedure " + rc.request().path()), 404);
  }

  /** Connect's unary calls are POSTs. */
  static void methodNotAllowed(RoutingContext rc) {
    rc.response().putHeader("allow", "POST");
    send(rc, ConnectError.plain(12, "method not allowed: Connect's unary calls are POST"), 405);
  }
}
