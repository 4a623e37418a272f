package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** What both ZITADEL surfaces share: the error format of failures, unknown paths and wrong methods. */
abstract class ZitadelSurface implements SurfaceBinding {

  private final ZitadelFailureHandler failures;

  ZitadelSurface(ApiContract contract) {
    this.failures = new ZitadelFailureHandler(new ZitadelValidationMessages(contract));
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
