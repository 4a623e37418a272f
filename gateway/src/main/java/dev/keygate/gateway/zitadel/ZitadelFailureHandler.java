package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.ContractViolationException;
import dev.keygate.gateway.http.MalformedBodyException;
import dev.keygate.gateway.service.DomainError;
import dev.keygate.gateway.service.DomainException;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a ZITADEL route, written as ZITADEL writes it. */
final class ZitadelFailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ZitadelFailureHandler.class);

  private final ZitadelValidationMessages validationMessages;

  ZitadelFailureHandler(ZitadelValidationMessages validationMessages) {
    this.validationMessages = validationMessages;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    Throwable failure = rc.failure();
    ZitadelError error;
    int status;
    if (failure instanceof DomainException domain) {
      error = ZitadelErrorCatalogue.of(domain.error());
      status = error.httpStatus();
      if (domain.error() == DomainError.INTERNAL) {
        LOG.error("internal error on {} {}", rc.request().method(), rc.request().path());
      }
    } else if (failure instanceof ContractViolationException violation) {
      error = ZitadelError.plain(3, validationMessages.message(operationId(rc), violation.violations(), violation.body()));
      status = 400;
    } else if (failure instanceof MalformedBodyException) {
      error = ZitadelError.plain(3, "proto: syntax error (line 1:1): the request body is not valid JSON");
      status = 400;
    } else if (failure == null && rc.statusCode() == 413) {
      error = ZitadelError.plain(8, "request body too large");
      status = 413;
    } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
      error = ZitadelError.plain(3, "bad request");
      status = rc.statusCode();
    } else {
      LOG.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), failure);
      error = ZitadelErrorCatalogue.of(DomainError.INTERNAL);
      status = error.httpStatus();
    }
    // method, path and outcome only: bodies, headers and quoted values may carry credentials
    LOG.debug("{} {} answered {} (code {})", rc.request().method(), rc.request().path(), status, error.code());
    send(rc, error, status);
  }

  static void send(RoutingContext rc, ZitadelError error, int status) {
    var response = rc.response().setStatusCode(status).putHeader("content-type", "application/json");
    if (status == 401) {
      response.putHeader("www-authenticate", error.message());
    }
    response.end(error.toJson().toBuffer());
  }

  private static String operationId(RoutingContext rc) {
    Route route = rc.currentRoute();
    Object operation = route == null ? null : route.getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    return operation instanceof Operation op ? op.getOperationId() : null;
  }

  static void notFound(RoutingContext rc) {
    send(rc, ZitadelError.plain(5, "Not Found"), 404);
  }

  static void methodNotAllowed(RoutingContext rc) {
    send(rc, ZitadelError.plain(12, "Method Not Allowed"), 405);
  }
}
