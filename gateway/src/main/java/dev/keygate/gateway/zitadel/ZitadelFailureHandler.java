package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.edge.EdgeRejection;
import dev.keygate.gateway.http.edge.JsonPosition;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import dev.keygate.gateway.http.edge.RequestIds;
import dev.keygate.gateway.http.protojson.ProtoJsonException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a ZITADEL route, written as ZITADEL writes it. */
final class ZitadelFailureHandler extends SurfaceFailureHandler<ZitadelFailureHandler.Answer> {

  private static final Logger LOG = LoggerFactory.getLogger(ZitadelFailureHandler.class);

  /** A ZITADEL error with the HTTP status it goes out with. */
  record Answer(ZitadelError error, int status) {}

  private final ZitadelValidationMessages validationMessages;

  ZitadelFailureHandler(ZitadelValidationMessages validationMessages) {
    this.validationMessages = validationMessages;
  }

  /**
   * protojson's refusal of a body it cannot decode, code 3 with protojson's text as grpc-gateway passes it on: a
   * field given twice under its two names ({@link ProtoJsonException}) or under one (a repeated key, which the edge
   * refuses as malformed JSON on every surface) is {@code duplicate field "…"}.
   */
  @Override
  protected Answer surfaceError(Throwable failure) {
    if (failure instanceof ProtoJsonException refused) {
      return new Answer(ZitadelError.plain(3, "proto: " + refused.text()), 400);
    }
    if (failure instanceof MalformedBodyException malformed && malformed.duplicateKey() != null) {
      return new Answer(ZitadelError.plain(3, "proto: duplicate field " + Json.encode(malformed.duplicateKey())), 400);
    }
    return null;
  }

  @Override
  protected Answer domainError(DomainError domain) {
    ZitadelError error = ZitadelErrorCatalogue.of(domain);
    // the IETF Idempotency-Key draft's 422; grpc-gateway would send FAILED_PRECONDITION as 400
    return new Answer(error, domain == DomainError.IDEMPOTENCY_KEY_REUSED ? 422 : error.httpStatus());
  }

  @Override
  protected Answer contractViolation(String operationId, ContractViolationException violation) {
    return new Answer(ZitadelError.plain(3, validationMessages.message(operationId, violation.violations(),
        violation.body())), 400);
  }

  /** protojson's {@code syntax error (line L:C)}, with where the edge's parser stopped. */
  @Override
  protected Answer malformedBody(MalformedBodyException malformed) {
    JsonPosition at = malformed.position();
    return new Answer(ZitadelError.plain(3, "proto: syntax error (line " + at.line() + ":" + at.column()
        + "): the request body is not valid JSON"), 400);
  }

  @Override
  protected Answer bodyTooLarge() {
    return new Answer(ZitadelError.plain(8, "request body too large"), 413);
  }

  /**
   * grpc-gateway answers a body it cannot read as invalid argument (code 3); a request over a size limit is resource
   * exhausted (code 8), as ZITADEL's own 413 is.
   */
  @Override
  protected Answer rejected(EdgeRejection.Kind kind) {
    int code = switch (kind) {
      case BODY_TOO_LARGE, URI_TOO_LONG, HEADERS_TOO_LARGE -> 8;
      default -> 3;
    };
    return new Answer(ZitadelError.plain(code, kind.message()), kind.status());
  }

  @Override
  protected Answer clientError(int status) {
    return new Answer(ZitadelError.plain(3, "bad request"), status);
  }

  @Override
  protected Answer internalError() {
    return domainError(DomainError.INTERNAL);
  }

  @Override
  protected void send(RoutingContext rc, Answer answer) {
    // method, path and outcome only: bodies, headers and quoted values may carry credentials
    LOG.debug("{} {} answered {} (code {}, request {})", rc.request().method(), rc.request().path(),
        answer.status(), answer.error().code(), RequestIds.of(rc.request()));
    send(rc, answer.error(), answer.status());
  }

  static void send(RoutingContext rc, ZitadelError error, int status) {
    var response = rc.response().setStatusCode(status).putHeader("content-type", "application/json");
    if (status == 401) {
      response.putHeader("www-authenticate", error.message());
    }
    response.end(error.toJson().toBuffer());
  }

  static void notFound(RoutingContext rc) {
    send(rc, ZitadelError.plain(5, "Not Found"), 404);
  }

  static void methodNotAllowed(RoutingContext rc) {
    send(rc, ZitadelError.plain(12, "Method Not Allowed"), 405);
  }
}
