package dev.keygate.gateway.docs;

import dev.keygate.gateway.console.ConsolePages;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.edge.HeadRequests;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;

/**
 * What the main port serves besides the surfaces: the contracts at {@code /openapi/{surface}.yaml}, a health check at
 * {@code /healthz}, the landing page and API docs ({@link ApiDocs}), the console ({@link ConsolePages}), and a 404 in
 * ZITADEL's plain error shape (the dialect of the root paths) for everything else. Each page answers HEAD as it
 * answers GET ({@link HeadRequests}).
 */
public final class SiteRouter {

  private SiteRouter() {}

  /** Mounts the site on {@code router}, after whatever the router already has (the request observer). */
  public static Router mount(Router router, Collection<ApiContract> contracts) {
    router.get("/openapi/:document").handler(rc -> serveContract(rc, contracts));
    router.get("/healthz").handler(rc -> rc.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    Handler<RoutingContext> notFound = rc -> rc.response().setStatusCode(404)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", 5).put("message", "Not Found").encode());
    ApiDocs.of(contracts).mount(router, notFound);
    ConsolePages.fromClassPath().mount(router, notFound);
    router.route().handler(notFound);
    return HeadRequests.servedLikeGet(router);
  }

  private static void serveContract(RoutingContext rc, Collection<ApiContract> contracts) {
    String name = rc.pathParam("document");
    for (ApiContract contract : contracts) {
      if (name.equals(contract.surface() + ".yaml")) {
        rc.response().putHeader("content-type", "application/yaml").end(Buffer.buffer(contract.yaml()));
        return;
      }
    }
    rc.next();
  }
}
