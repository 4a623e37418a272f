package dev.keygate.gateway.http;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.http.contract.ContractViolationException;
import dev.keygate.gateway.http.protojson.ProtoJsonNormalizer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * What a surface plugs into a contract router: per operation its authentication, authorization and business handler;
 * for the whole surface its failure handler (the vendor's error format) and its answers to unknown paths and methods.
 * The router runs them in the order every vendor we speak uses: decode the body, authenticate, authorize, validate
 * against the contract, act.
 */
public interface SurfaceBinding {

  /** Null for an operation that needs no credentials, as its contract says ({@link OperationSecurity}). */
  Handler<RoutingContext> authenticate(Operation operation);

  /** Null (the default) when authentication alone suffices. */
  default Handler<RoutingContext> authorize(Operation operation) {
    return null;
  }

  Handler<RoutingContext> handle(Operation operation);

  Handler<RoutingContext> failureHandler();

  void notFound(RoutingContext rc);

  /** Whether malformed JSON fails before anything else (ZITADEL), or is reported by the validator in order. */
  default boolean malformedBodyFirst() {
    return true;
  }

  /**
   * Whether request bodies are read as protojson reads them (ZITADEL, whose REST gateway decodes with protojson:
   * proto names beside JSON names, enums by number, integers as strings, null as unset; {@link ProtoJsonNormalizer})
   * before validation, or exactly as the contract writes them (the default).
   */
  default boolean readsProtoJson() {
    return false;
  }

  /**
   * What to do with a request that breaks its contract. By default it fails at once; a surface whose vendor
   * interleaves validation with lookups may keep the violations and go on.
   */
  default void onViolations(RoutingContext rc, List<ContractViolation> violations, Object body) {
    rc.fail(400, new ContractViolationException(violations, body));
  }

  void methodNotAllowed(RoutingContext rc);

  /**
   * Whose Idempotency-Keys an authenticated request uses: its tenant and principal. Called only for operations the
   * contract marks {@code x-keygate-idempotent}, after authentication; a surface with such operations answers it.
   */
  default IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    throw new IllegalStateException(getClass().getSimpleName() + " has idempotent operations but no idempotency scope");
  }
}
