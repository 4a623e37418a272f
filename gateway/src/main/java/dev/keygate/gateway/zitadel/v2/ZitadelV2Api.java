package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.InstanceService;
import dev.keygate.gateway.service.OrganizationService;
import dev.keygate.gateway.service.ProjectService;
import dev.keygate.gateway.service.UserService;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.access.Caller;
import dev.keygate.gateway.zitadel.PatAuthenticator;
import dev.keygate.gateway.zitadel.SystemTokenAuthenticator;
import dev.keygate.gateway.zitadel.ZitadelValidationMessages;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import java.time.Clock;
import java.util.List;

/**
 * ZITADEL's v2 services over Connect's unary JSON: {@code POST /zitadel.<package>.<Service>/<Method>}. Every
 * operation authenticates a personal access token or an access token of the instance (for the operations whose
 * contract names {@code systemToken}, the system token or a system user's JWT, as on {@code /system/v1}), then checks
 * the organization the body names (else the caller's) and the operation's {@code x-keygate-permission}. Request
 * bodies are read as protojson reads them, as on v1. The operations are the endpoints' of each service.
 */
public final class ZitadelV2Api implements SurfaceBinding {

  /** The security scheme of the operations that take the system token. */
  static final String SYSTEM_TOKEN = "systemToken";

  private final ApiContract contract;
  private final AccessService access;
  private final PatAuthenticator callerToken;
  private final SystemTokenAuthenticator systemToken;
  private final List<SurfaceEndpoint> endpoints;
  private final ConnectFailureHandler failures;

  public ZitadelV2Api(ApiContract contract, AccessService access, ProjectService projects, AppService apps,
                      UserService users, OrganizationService orgs, InstanceService instances, Clock clock,
                      SystemTokenAuthenticator systemToken) {
    this.contract = contract;
    this.access = access;
    this.callerToken = new PatAuthenticator(access);
    this.systemToken = systemToken;
    this.failures = new ConnectFailureHandler(new ZitadelValidationMessages(contract));
    this.endpoints = List.of(new ProjectsV2Endpoint(projects, clock), new ApplicationsV2Endpoint(apps, clock),
        new UsersV2Endpoint(users, clock), new OrganizationsV2Endpoint(orgs, clock),
        new InstancesV2Endpoint(instances, clock));
  }

  private static boolean takesSystemToken(Operation operation) {
    return operation.getSecurityRequirements().stream().map(SecurityRequirement::getNames)
        .anyMatch(names -> names.contains(SYSTEM_TOKEN));
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return takesSystemToken(operation) ? systemToken : callerToken;
  }

  @Override
  public Handler<RoutingContext> authorize(Operation operation) {
    if (takesSystemToken(operation)) {
      return null;
    }
    String permission = contract.operationExtension(operation, "x-keygate-permission");
    if (permission == null) {
      throw new IllegalStateException(operation.getOperationId() + " has no x-keygate-permission in the contract");
    }
    return new BodyOrgAuthorizer(access, permission, operation.getOperationId());
  }

  /** Connect's JSON is protojson: fields by either name, enums by name or number, int64 as strings. */
  @Override
  public boolean readsProtoJson() {
    return true;
  }

  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    Caller caller = rc.get(RequestKeys.CALLER);
    return new IdempotentRequests.Scope(caller.instanceId(), caller.userId());
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
    ConnectFailureHandler.notFound(rc);
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    ConnectFailureHandler.methodNotAllowed(rc);
  }
}
