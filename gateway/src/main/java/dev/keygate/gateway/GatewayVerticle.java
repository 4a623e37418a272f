package dev.keygate.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One HTTP server per event loop (Vert.x shares the port between instances). Each request goes to the router of the
 * API surface its path prefix names; every surface router is built from that surface's contract, in this verticle's
 * context, so no state is shared between event loops but the immutable contracts and the thread-safe services.
 */
final class GatewayVerticle extends VerticleBase {

  /** A surface router mounted under a path prefix. */
  record Mount(String prefix, Router router) {}

  private final Function<io.vertx.core.Vertx, List<Mount>> mounts;
  private final Function<io.vertx.core.Vertx, Router> fallback;
  private final String host;
  private final int port;
  private HttpServer server;

  GatewayVerticle(Function<io.vertx.core.Vertx, List<Mount>> mounts, Function<io.vertx.core.Vertx, Router> fallback,
                  String host, int port) {
    this.mounts = mounts;
    this.fallback = fallback;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    List<Mount> routes = new ArrayList<>(mounts.apply(vertx));
    Router other = fallback.apply(vertx);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
        .setCompressionSupported(false).setMaxHeaderSize(16 * 1024));
    server.requestHandler((HttpServerRequest request) -> {
      String path = request.path();
      for (Mount mount : routes) {
        if (path.startsWith(mount.prefix())) {
          mount.router().handle(request);
          return;
        }
      }
      other.handle(request);
    });
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
