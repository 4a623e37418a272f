package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.V2Requests.body;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.InstanceService;
import dev.keygate.gateway.service.Scope;
import dev.keygate.store.Instance;
import dev.keygate.store.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code zitadel.instance.v2.InstanceService}: an instance reads itself with a token of its own; listing and
 * deleting instances take the system token, as {@code /system/v1} does. Creating one stays {@code /system/v1}'s, as
 * in ZITADEL, whose v2 has no create.
 */
record InstancesV2Endpoint(InstanceService instances, Clock clock) implements SurfaceEndpoint {

  static final String V2 = "zitadel.instance.v2.InstanceService.";

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    if (!operationId.startsWith(V2)) {
      return null;
    }
    return switch (operationId.substring(V2.length())) {
      case "GetInstance" -> rc -> {
        Scope scope = rc.get(RequestKeys.SCOPE);
        String asked = body(rc).getString("instanceId");
        // another instance needs system.instance.read, which only the system token holds (ZITADEL's rule)
        Future<Instance> found = asked == null || asked.isEmpty() || asked.equals(scope.instanceId())
            ? instances.get(scope.instanceId()) : Future.failedFuture(DomainError.PERMISSION_DENIED.exception());
        Replies.json(rc, found, instance -> new JsonObject().put("instance", V2Renderer.instance(instance)));
      };
      case "ListInstances" -> rc -> {
        if (!V2Requests.unfiltered(rc, "filters")) {
          return;
        }
        PageRequest page = V2Requests.page(body(rc));
        Replies.json(rc, instances.list(page), found -> V2Renderer.list(found, page.limit(), "instances",
            V2Renderer::instance));
      };
      case "DeleteInstance" -> rc -> Replies.json(rc, instances.remove(body(rc).getString("instanceId")),
          removed -> new JsonObject().put("deletionDate", V2Renderer.time(clock.instant())));
      default -> null;
    };
  }
}
