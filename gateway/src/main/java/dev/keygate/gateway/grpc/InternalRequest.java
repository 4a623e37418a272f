package dev.keygate.gateway.grpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpFrame;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.StreamPriority;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;
import io.vertx.core.net.NetSocket;
import java.util.Set;

/**
 * The REST request a gRPC call stands for, handed to the ZITADEL surface's router: its method, path, headers and
 * JSON body are the call's; connection, authority, addresses and context are those of the real request, which
 * carried the call. Vert.x Web requires the {@link HttpServerRequestInternal} type, hence the wrapper base class;
 * everything about the body and the response is this request's own, so the real stream (read by the gRPC server)
 * is never touched.
 */
final class InternalRequest extends HttpServerRequestWrapper {

  private final HttpMethod method;
  private final String path;
  private final MultiMap headers;
  private final Buffer body;
  private final HttpServerResponse response;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private boolean ended;

  InternalRequest(HttpServerRequest carrier, HttpMethod method, String path, MultiMap headers, Buffer body,
                  HttpServerResponse response) {
    super((HttpServerRequestInternal) carrier);
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.body = body;
    this.response = response;
  }

  /** Hands the body over once somebody reads it: Vert.x Web's body handler sets its handlers, then resumes. */
  private void deliver() {
    if (ended) {
      return;
    }
    ended = true;
    if (body != null && body.length() > 0 && dataHandler != null) {
      dataHandler.handle(body);
    }
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  @Override
  public HttpServerRequest handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    return this;
  }

  @Override
  public HttpServerRequest endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public HttpServerRequest exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public HttpServerRequest pause() {
    return this;
  }

  @Override
  public HttpServerRequest resume() {
    deliver();
    return this;
  }

  @Override
  public HttpServerRequest fetch(long amount) {
    if (amount > 0) {
      deliver();
    }
    return this;
  }

  @Override
  public boolean isEnded() {
    return ended;
  }

  @Override
  public Future<Buffer> body() {
    ended = true;
    return Future.succeededFuture(body == null ? Buffer.buffer() : body);
  }

  @Override
  public Future<Void> end() {
    ended = true;
    return Future.succeededFuture();
  }

  @Override
  public long bytesRead() {
    return body == null ? 0 : body.length();
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String uri() {
    return path;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String query() {
    return null;
  }

  @Override
  public String absoluteURI() {
    return scheme() + "://" + (authority() == null ? "localhost" : authority().toString()) + path;
  }

  @Override
  public boolean isValidAuthority() {
    return true;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String getHeader(String name) {
    return headers.get(name);
  }

  @Override
  public String getHeader(CharSequence name) {
    return headers.get(name);
  }

  @Override
  public MultiMap params() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public MultiMap params(boolean semicolonIsNormalChar) {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public String getParam(String name) {
    return null;
  }

  @Override
  public HttpServerResponse response() {
    return response;
  }

  @Override
  public HttpServerRequest setExpectMultipart(boolean expect) {
    return this;
  }

  @Override
  public boolean isExpectMultipart() {
    return false;
  }

  @Override
  public HttpServerRequest uploadHandler(Handler<HttpServerFileUpload> handler) {
    return this;
  }

  @Override
  public MultiMap formAttributes() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public String getFormAttribute(String name) {
    return null;
  }

  @Override
  public Future<ServerWebSocket> toWebSocket() {
    return Future.failedFuture("an internal request is no WebSocket");
  }

  @Override
  public Future<NetSocket> toNetSocket() {
    return Future.failedFuture("an internal request has no socket");
  }

  @Override
  public HttpServerRequest customFrameHandler(Handler<HttpFrame> handler) {
    return this;
  }

  @Override
  public HttpServerRequest streamPriorityHandler(Handler<StreamPriority> handler) {
    return this;
  }

  @Override
  public Cookie getCookie(String name) {
    return null;
  }

  @Override
  public Cookie getCookie(String name, String domain, String path) {
    return null;
  }

  @Override
  public Set<Cookie> cookies(String name) {
    return Set.of();
  }

  @Override
  public Set<Cookie> cookies() {
    return Set.of();
  }

  @Override
  public int cookieCount() {
    return 0;
  }

  @Override
  public HttpServerRequest routed(String route) {
    return this;
  }

  @Override
  public Object metric() {
    return null;
  }
}
