package dev.keygate.gateway.oracle;

import dev.keygate.gateway.http.ContractViolationException;
import dev.keygate.gateway.http.MalformedBodyException;
import dev.keygate.gateway.service.DomainException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of an Oracle route as Oracle's errorModel. */
final class OracleFailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(OracleFailureHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    Throwable failure = rc.failure();
    List<OracleError> errors;
    if (failure instanceof DomainException domain) {
      errors = List.of(OracleErrorCatalogue.of(domain.error()));
    } else if (failure instanceof ContractViolationException violation) {
      String operationId = operationId(rc);
      errors = violation.violations().stream().map(v -> OracleErrorCatalogue.of(operationId, v)).distinct().toList();
    } else if (failure instanceof MalformedBodyException) {
      errors = List.of(new OracleError("20009", "The request needs a JSON object body.", 400, null));
    } else if (failure == null && rc.statusCode() == 413) {
      errors = List.of(OracleErrorCatalogue.TOO_LARGE);
    } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
      errors = List.of(new OracleError("20009", "Bad request.", rc.statusCode(), null));
    } else {
      LOG.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), failure);
      errors = List.of(OracleErrorCatalogue.INTERNAL);
    }
    send(rc, errors);
  }

  private static String operationId(RoutingContext rc) {
    Operation operation = rc.currentRoute() == null ? null : rc.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    return operation == null ? "" : operation.getOperationId();
  }

  static void send(RoutingContext rc, List<OracleError> errors) {
    if (errors.get(0).status() == 401) {
      rc.response().putHeader("www-authenticate", "Bearer");
    }
    rc.response().setStatusCode(errors.get(0).status()).putHeader("content-type", "application/json")
        .end(OracleError.body(errors).encode());
  }
}
