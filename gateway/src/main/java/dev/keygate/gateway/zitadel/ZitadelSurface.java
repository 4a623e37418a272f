package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/**
 * What the ZITADEL v1 surfaces share: the error format of failures, unknown paths and wrong methods, and the
 * permission each operation names in its contract.
 */
abstract class ZitadelSurface implements SurfaceBinding {

  private final ApiContract contract;
  private final ZitadelFailureHandler failures;

  ZitadelSurface(ApiContract contract) {
    this.contract = contract;
    this.failures = new ZitadelFailureHandler(new ZitadelValidationMessages(contract));
  }

  /** The operation's {@code x-keygate-permission}; an operation without one is a contract error, found at start. */
  final String permissionOf(Operation operation) {
    String permission = contract.operationExtension(operation, "x-keygate-permission");
    if (permission == null) {
      throw new IllegalStateException(operation.getOperationId() + " has no x-keygate-permission in the contract");
    }
    return permission;
  }

  @Override
  public final Handler<RoutingContext> failureHandler() {
    return failures;
  }

  /** ZITADEL's REST gateway decodes request bodies with protojson. */
  @Override
  public final boolean readsProtoJson() {
    return true;
  }

  @Override
  public final void notFound(RoutingContext rc) {
    ZitadelFailureHandler.notFound(rc);
  }

  @Override
  public final void methodNotAllowed(RoutingContext rc) {
    ZitadelFailureHandler.methodNotAllowed(rc);
  }
}
