package dev.keygate.gateway.ops;

import dev.keygate.gateway.http.edge.HeadRequests;
import dev.keygate.gateway.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The management port ({@code KEYGATE_MANAGEMENT_PORT}, 9000 by default as Keycloak's): {@code /metrics} in
 * Prometheus's text format and {@code /health/live|ready|started}. It is a server of its own, so none of it is ever
 * reachable on the tenant-facing port, and an operator can bind it to an internal address
 * ({@code KEYGATE_MANAGEMENT_HOST}). One server on one event loop is plenty for scrapes and probes. Probes that
 * send HEAD get the GET answer without its body ({@link HeadRequests}).
 */
public final class ManagementServer {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ServerTls tls;

  private ManagementServer(HttpServer server, ServerTls tls) {
    this.server = server;
    this.tls = tls;
    if (tls != null) {
      tls.register(server, ServerTls.Port.MANAGEMENT);
    }
  }

  /**
   * {@code metrics} null: metrics are off and {@code /metrics} is a 404; {@code tls} null: plain HTTP, else HTTPS
   * only with the main port's certificate (and its reloads).
   */
  public static Future<ManagementServer> start(Vertx vertx, String host, int port, KeygateMetrics metrics,
                                               Health health, ServerTls tls) {
    Router router = Router.router(vertx);
    if (metrics != null) {
      // scraping walks every series: off the event loop, so a scrape never delays a probe
      router.get("/metrics").handler(rc -> vertx.executeBlocking(metrics::scrape, false).onComplete(done -> {
        if (done.succeeded()) {
          rc.response().putHeader("content-type", PROMETHEUS_TEXT).end(done.result());
        } else {
          rc.fail(done.cause());
        }
      }));
    }
    router.get("/health/live").handler(health.live());
    router.get("/health/ready").handler(health.ready());
    router.get("/health/started").handler(health.started());
    router.get("/health/primary").handler(health.primary());
    router.route().handler(rc -> rc.response().setStatusCode(404).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", 5).put("message", "Not Found").encode()));
    HeadRequests.servedLikeGet(router);
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    HttpServer server = vertx.createHttpServer(tls == null ? options
        : tls.configure(options, ServerTls.Port.MANAGEMENT));
    // the bind error alone ("Address already in use") leaves the operator guessing which of the two ports it was
    return server.requestHandler(request -> router.handle(HeadRequests.withoutBody(request))).listen()
        .map(listening -> new ManagementServer(listening, tls))
        .recover(failure -> Future.failedFuture(new IllegalStateException("cannot listen on " + host + ":" + port
            + " (KEYGATE_MANAGEMENT_HOST, KEYGATE_MANAGEMENT_PORT): " + failure.getMessage(), failure)));
  }

  /** The port it listens on (the free port chosen when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    if (tls != null) {
      tls.unregister(server);
    }
    return server.close();
  }
}
