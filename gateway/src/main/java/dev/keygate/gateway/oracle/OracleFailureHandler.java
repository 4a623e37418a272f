package dev.keygate.gateway.oracle;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.SurfaceFailureHandler;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.edge.EdgeRejection;
import dev.keygate.gateway.http.edge.JsonPosition;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Every failure of an Oracle route as Oracle's errorModel. */
final class OracleFailureHandler extends SurfaceFailureHandler<List<OracleError>> {

  @Override
  protected List<OracleError> domainError(DomainError error) {
    return List.of(OracleErrorCatalogue.of(error));
  }

  @Override
  protected List<OracleError> contractViolation(String operationId, ContractViolationException violation) {
    return violation.violations().stream().map(v -> OracleErrorCatalogue.of(operationId, v)).distinct().toList();
  }

  @Override
  protected List<OracleError> malformedBody(MalformedBodyException malformed) {
    JsonPosition at = malformed.position();
    return List.of(new OracleError("20009", "The request body is not valid JSON: syntax error at line " + at.line()
        + ", column " + at.column() + ".", 400, null));
  }

  @Override
  protected List<OracleError> bodyTooLarge() {
    return List.of(OracleErrorCatalogue.TOO_LARGE);
  }

  /** Oracle's request errors are 200xx; the edge's refusals continue that series. */
  @Override
  protected List<OracleError> rejected(EdgeRejection.Kind kind) {
    return List.of(switch (kind) {
      case BODY_TOO_LARGE -> OracleErrorCatalogue.TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> new OracleError("20010", "Unsupported content type.", 415, null);
      case EXPECTATION_FAILED -> new OracleError("20016", "The expectation of the Expect header cannot be met.", 417,
          null);
      case URI_TOO_LONG -> new OracleError("20012", "The request URI is too long.", 414, null);
      case HEADERS_TOO_LARGE -> new OracleError("20013", "The request headers are too large.", 431, null);
      case BODY_NOT_ALLOWED -> new OracleError("20014", "This method takes no request body.", 400, null);
      case INVALID_CHARACTERS -> new OracleError("20015", "The request contains invalid characters.", 400, null);
      case MALFORMED_FORM, AMBIGUOUS_FRAMING, BAD_REQUEST -> new OracleError("20009", "Bad request.", 400, null);
    });
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
