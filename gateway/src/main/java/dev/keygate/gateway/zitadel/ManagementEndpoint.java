package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.Scope;
import io.vertx.ext.web.RoutingContext;

/**
 * The operations of one resource of the management API (projects, apps, users), delegating to that resource's
 * service and rendering its answers with the one {@link ManagementRenderer}. Authentication and authorization have
 * run before.
 */
interface ManagementEndpoint extends SurfaceEndpoint {

  /** Where the authorized request acts: the caller's instance and the organization the authorizer resolved. */
  static Scope scope(RoutingContext rc) {
    return rc.get(RequestKeys.SCOPE);
  }
}
