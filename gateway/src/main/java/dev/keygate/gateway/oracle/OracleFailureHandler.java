package dev.keygate.gateway.oracle;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.ContractViolationException;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Every failure of an Oracle route as Oracle's errorModel. */
final class OracleFailureHandler extends SurfaceFailureHandler<List<OracleError>> {

  private static final OracleError MALFORMED = new OracleError("20009", "The request needs a JSON object body.", 400,
      null);

  @Override
  protected List<OracleError> domainError(DomainError error) {
    return List.of(OracleErrorCatalogue.of(error));
  }

  @Override
  protected List<OracleError> contractViolation(String operationId, ContractViolationException violation) {
    return violation.violations().stream().map(v -> OracleErrorCatalogue.of(operationId, v)).distinct().toList();
  }

  @Override
  protected List<OracleError> malformedBody() {
    return List.of(MALFORMED);
  }

  @Override
  protected List<OracleError> bodyTooLarge() {
    return List.of(OracleErrorCatalogue.TOO_LARGE);
  }

  @Override
  protected List<OracleError> clientError(int status) {
    return List.of(new OracleError("20009", "Bad request.", status, null));
  }

  @Override
  protected List<OracleError> internalError() {
    return List.of(OracleErrorCatalogue.INTERNAL);
  }

  @Override
  protected void send(RoutingContext rc, List<OracleError> errors) {
    if (errors.get(0).status() == 401) {
      rc.response().putHeader("www-authenticate", "Bearer");
    }
    rc.response().setStatusCode(errors.get(0).status()).putHeader("content-type", "application/json")
        .end(OracleError.body(errors).encode());
  }
}
