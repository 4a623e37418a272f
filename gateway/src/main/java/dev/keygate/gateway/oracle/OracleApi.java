package dev.keygate.gateway.oracle;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.BearerTokens;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.OperationSecurity;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.commerce.CommerceApplications;
import dev.keygate.gateway.service.commerce.CommerceLogins;
import dev.keygate.gateway.service.commerce.CommercePrincipal;
import dev.keygate.gateway.service.commerce.CommerceSessions;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * Oracle Commerce's {@code /ccadmin/v1}: logins ({@link LoginsEndpoint}), application IDs
 * ({@link ApplicationIdsEndpoint}), and the public registry and locales that DCU reads ({@link RegistryEndpoint}).
 * Every operation the contract secures takes an access token. The check order is Oracle's: authentication (401), then
 * the contract (400), then existence (404).
 */
public final class OracleApi implements SurfaceBinding {

  private final CommerceSessions sessions;
  private final OracleFailureHandler failures = new OracleFailureHandler();
  private final List<SurfaceEndpoint> endpoints;

  public OracleApi(ApiContract contract, CommerceLogins logins, CommerceSessions sessions,
                   CommerceApplications applications) {
    this.sessions = sessions;
    this.endpoints = List.of(new LoginsEndpoint(logins, sessions, failures),
        new ApplicationIdsEndpoint(contract, applications), new RegistryEndpoint(contract));
  }

  /** Login, whose bearer is optional (an application key, or none with a password), authenticates on its own. */
  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return OperationSecurity.requiresCredentials(operation) ? this::authenticate : null;
  }

  private void authenticate(RoutingContext rc) {
    sessions.authenticate(BearerTokens.of(rc), InstanceHost.of(rc.request())).onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
      } else {
        rc.put(RequestKeys.CALLER, done.result());
        rc.next();
      }
    });
  }

  /** The admin user or application the access token stands for, which {@link #authenticate} left in the request. */
  static CommercePrincipal principal(RoutingContext rc) {
    return rc.get(RequestKeys.CALLER);
  }

  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    CommercePrincipal principal = principal(rc);
    return new IdempotentRequests.Scope(principal.instanceId(), principal.kind() + ":" + principal.id());
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
    failures.send(rc, List.of(OracleErrorCatalogue.NO_ENDPOINT));
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    failures.send(rc, List.of(OracleErrorCatalogue.METHOD));
  }
}
