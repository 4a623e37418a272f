package dev.keygate.gateway.droplit;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.BearerTokens;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.OperationSecurity;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.ecosystem.EcosystemCaller;
import dev.keygate.gateway.service.ecosystem.EcosystemService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * Droplit's {@code /api/ecosystems} and {@code /api/clients}, wire-compatible with the Droplit documentation. Every
 * operation the contract secures authenticates a Droplit token; what a token may do is decided per operation, by
 * the services. The operations are the resources' endpoints' ({@link EcosystemsEndpoint}, {@link ClientsEndpoint}),
 * which run {@link DroplitChecks} in Droplit's order.
 */
public final class DroplitApi implements SurfaceBinding {

  private final AccessService access;
  private final List<SurfaceEndpoint> endpoints;
  private final DroplitFailureHandler failures = new DroplitFailureHandler();

  public DroplitApi(ApiContract contract, AccessService access, EcosystemService ecosystems) {
    this.access = access;
    DroplitChecks checks = new DroplitChecks(contract);
    this.endpoints = List.of(new EcosystemsEndpoint(ecosystems, checks), new ClientsEndpoint(ecosystems, checks));
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return OperationSecurity.requiresCredentials(operation) ? this::authenticate : null;
  }

  /** The raw {@code authorization: <token>} header; {@code Bearer <token>} is accepted as well. */
  private void authenticate(RoutingContext rc) {
    String header = rc.request().getHeader("authorization");
    if (header == null || header.isBlank()) {
      rc.fail(DomainError.AUTH_HEADER_MISSING.exception());
      return;
    }
    String bearer = BearerTokens.of(header);
    access.authenticateEcosystemToken(bearer != null ? bearer : header.trim(), InstanceHost.of(rc.request()))
        .onComplete(done -> {
          if (done.succeeded()) {
            rc.put(RequestKeys.CALLER, done.result());
            rc.next();
          } else {
            rc.fail(done.cause());
          }
        });
  }

  /** The token's tenant and actor, which {@link #authenticate} left in the request. */
  static EcosystemCaller caller(RoutingContext rc) {
    return rc.get(RequestKeys.CALLER);
  }

  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    EcosystemCaller caller = caller(rc);
    return new IdempotentRequests.Scope(caller.instanceId(), caller.actorId());
  }

  @Override
  public boolean malformedBodyFirst() {
    return false; // Droplit answers authorization and the query string first: "Body Parameters Missing" comes later
  }

  /** Violations wait for {@link DroplitChecks}, which interleaves them with lookups in Droplit's order. */
  @Override
  public void onViolations(RoutingContext rc, List<ContractViolation> violations, Object body) {
    rc.put(RequestKeys.VIOLATIONS, violations);
    rc.next();
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return SurfaceEndpoint.handlerOf(operation, endpoints);
  }

  @Override
  public Handler<RoutingContext> failureHandler() {
    return failures;
  }

  @Override
  public void notFound(RoutingContext rc) {
    DroplitFailureHandler.sendError(rc, DroplitError.plain(404, "NotFound", "Route Not Found"));
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    DroplitFailureHandler.sendError(rc, DroplitError.plain(405, "MethodNotAllowed", "Method Not Allowed"));
  }
}
