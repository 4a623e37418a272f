package dev.keygate.gateway;

import dev.keygate.gateway.grpc.GrpcEndpoint;
import dev.keygate.gateway.http.edge.EdgeLimits;
import dev.keygate.gateway.http.edge.HeadRequests;
import dev.keygate.gateway.http.edge.InvalidRequests;
import dev.keygate.gateway.http.edge.RequestIds;
import dev.keygate.gateway.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server per event loop (Vert.x shares the port between instances). Each request gets its request id, then
 * goes to the router of the API surface its path prefix names; every surface router is built from that surface's
 * contract, in this verticle's context, so no state is shared between event loops but the immutable contracts and the
 * thread-safe services. gRPC and gRPC-Web calls ({@code application/grpc*}) go to the gRPC endpoint first, which runs
 * them through these same routers.
 */
final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  /** A surface router mounted under a path prefix. */
  record Mount(String prefix, Handler<HttpServerRequest> router) {}

  /** Builds the gRPC endpoint of one verticle, which runs each call through the router its path names. */
  interface GrpcEndpointFactory {
    GrpcEndpoint create(Vertx vertx, Function<String, Handler<HttpServerRequest>> routerByPath);
  }

  private final Function<Vertx, List<Mount>> mounts;
  private final Function<Vertx, Router> fallback;
  private final GrpcEndpointFactory grpc;
  private final String host;
  private final int port;
  private final EdgeLimits limits;
  private final long shutdownTimeoutMs;
  /** The certificate of HTTPS, or {@code null}: plain HTTP (with h2c). */
  private final ServerTls tls;
  private HttpServer server;

  GatewayVerticle(Function<Vertx, List<Mount>> mounts, Function<Vertx, Router> fallback,
                  GrpcEndpointFactory grpc,
                  String host, int port, EdgeLimits limits, long shutdownTimeoutMs, ServerTls tls) {
    this.tls = tls;
    this.shutdownTimeoutMs = shutdownTimeoutMs;
    this.mounts = mounts;
    this.fallback = fallback;
    this.grpc = grpc;
    this.host = host;
    this.port = port;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    List<Mount> routes = new ArrayList<>(mounts.apply(vertx));
    Router other = fallback.apply(vertx);
    GrpcEndpoint grpcCalls = grpc.create(vertx, path -> routerOf(routes, other, path));
    server = vertx.createHttpServer(options());
    // a request the decoder could not parse: answered by its surface where the path is known, never just closed
    server.invalidRequestHandler(request -> {
      Mount owner = InvalidRequests.pathLost(request) ? null : owner(routes, request.path());
      if (owner == null) {
        InvalidRequests.answer(request);
      } else {
        RequestIds.assign(request);
        owner.router().handle(request);
      }
    });
    // a client that resets or garbles its connection is the client's problem, not an ERROR of Keygate's
    server.exceptionHandler(failure -> LOG.debug("connection failed: {}", failure.getClass().getSimpleName()));
    server.requestHandler((HttpServerRequest request) -> {
      RequestIds.assign(request);
      if (grpcCalls.takes(request)) {
        grpcCalls.handle(request);
        return;
      }
      routerOf(routes, other, request.path()).handle(HeadRequests.withoutBody(request));
    });
    // the bind error alone ("Address already in use") leaves the operator guessing which of the two ports it was
    return server.listen().onSuccess(listening -> {
      if (tls != null) {
        tls.register(listening, ServerTls.Port.MAIN);
      }
    }).recover(failure -> Future.failedFuture(new IllegalStateException("cannot listen on "
        + host + ":" + port + " (" + KeygateConfig.HTTP_HOST + ", " + KeygateConfig.HTTP_PORT + "): "
        + failure.getMessage(), failure)));
  }

  /** The surface whose path prefix the path starts with, or null. */
  private static Mount owner(List<Mount> routes, String path) {
    for (Mount mount : routes) {
      if (path.startsWith(mount.prefix())) {
        return mount;
      }
    }
    return null;
  }

  private static Handler<HttpServerRequest> routerOf(List<Mount> routes, Router other, String path) {
    Mount owner = owner(routes, path);
    return owner == null ? other : owner.router();
  }

  /**
   * The decoder's limits are far above the edge's (EdgeLimits), so that a request over an edge limit still parses
   * and its surface answers it in its own shape. Form fields may be as long as the body limit allows: a signed
   * client_assertion is routinely longer than Netty's 8 KiB default, which otherwise fails inside the decoder.
   */
  private HttpServerOptions options() {
    int bodyLimit = (int) Math.min(Integer.MAX_VALUE, limits.bodyLimit());
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setCompressionSupported(false)
        .setMaxInitialLineLength(EdgeLimits.DECODER_LINE_AND_HEADERS)
        .setMaxHeaderSize(EdgeLimits.DECODER_LINE_AND_HEADERS)
        // the same for HTTP/2 (h2c upgrades included), whose default header list limit is 8 KiB
        .setInitialSettings(new Http2Settings().setMaxHeaderListSize(EdgeLimits.DECODER_LINE_AND_HEADERS))
        .setMaxFormAttributeSize(bodyLimit)
        .setMaxFormBufferedBytes(bodyLimit);
    // with a certificate: HTTPS only, HTTP/2 by ALPN (gRPC as over h2c), no clear-text answer on this port
    return tls == null ? options : tls.configure(options, ServerTls.Port.MAIN);
  }

  /**
   * Graceful: the server stops accepting at once, lets the requests it is answering finish within the shutdown
   * timeout (connections without one close now, HTTP/2 ones get a GOAWAY), and closes what is left after it.
   */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    if (tls != null) {
      tls.unregister(server);
    }
    return server.shutdown(shutdownTimeoutMs, TimeUnit.MILLISECONDS);
  }
}
