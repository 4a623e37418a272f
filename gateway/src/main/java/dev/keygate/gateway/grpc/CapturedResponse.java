package dev.keygate.gateway.grpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * The response of an {@link InternalRequest}: status, headers and body are kept, and {@link #answer()} completes
 * when the route ends it. {@link HttpServerResponse} has some ninety methods of which a route uses a handful
 * (status, headers, end, the end handlers Vert.x Web registers); a dynamic proxy keeps them in one place: fluent
 * methods return the response, futures succeed, everything else is inert.
 */
final class CapturedResponse implements InvocationHandler {

  /** What the route answered. */
  record Answer(int status, Buffer body) {}

  private final Promise<Answer> answer;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  private final HttpServerResponse proxy;
  private final Buffer body = Buffer.buffer();
  private int status = 200;
  private String statusMessage;
  private boolean ended;
  private Handler<Void> headersEnd;
  private Handler<Void> bodyEnd;
  private Handler<Void> end;

  /**
   * {@code context} is the carrier request's: a route may end on another thread (a cache loader, the database
   * client), and the gRPC response must be written from its own event loop, so the answer is delivered there.
   */
  CapturedResponse(ContextInternal context) {
    this.answer = context.promise();
    this.proxy = (HttpServerResponse) Proxy.newProxyInstance(HttpServerResponse.class.getClassLoader(),
        new Class<?>[] {HttpServerResponse.class}, this);
  }

  HttpServerResponse response() {
    return proxy;
  }

  Future<Answer> answer() {
    return answer.future();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(Object self, Method method, Object[] args) {
    switch (method.getName()) {
      case "setStatusCode" -> status = (Integer) args[0];
      case "getStatusCode" -> {
        return status;
      }
      case "setStatusMessage" -> statusMessage = (String) args[0];
      case "getStatusMessage" -> {
        return statusMessage == null ? "" : statusMessage;
      }
      case "headers", "trailers" -> {
        return method.getName().equals("headers") ? headers : MultiMap.caseInsensitiveMultiMap();
      }
      case "putHeader" -> headers.set(args[0].toString(), String.valueOf(args[1]));
      case "ended", "headWritten" -> {
        return ended;
      }
      case "closed", "isChunked", "writeQueueFull" -> {
        return false;
      }
      case "bytesWritten" -> {
        return (long) body.length();
      }
      case "headersEndHandler" -> headersEnd = (Handler<Void>) args[0];
      case "bodyEndHandler" -> bodyEnd = (Handler<Void>) args[0];
      case "endHandler" -> end = (Handler<Void>) args[0];
      case "write" -> {
        append(args);
        return Future.succeededFuture();
      }
      case "end", "send" -> {
        append(args);
        finish();
        return Future.succeededFuture();
      }
      case "toString" -> {
        return "internal response " + status;
      }
      case "hashCode" -> {
        return System.identityHashCode(self);
      }
      case "equals" -> {
        return self == args[0];
      }
      default -> { }
    }
    return inert(method.getReturnType());
  }

  private Object inert(Class<?> type) {
    if (type.isInstance(proxy)) {
      return proxy;
    }
    if (type == Future.class) {
      return Future.succeededFuture();
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }

  private void append(Object[] args) {
    if (args == null || args.length == 0 || args[0] == null) {
      return;
    }
    if (args[0] instanceof Buffer buffer) {
      body.appendBuffer(buffer);
    } else if (args[0] instanceof String text) {
      body.appendString(text, args.length > 1 && args[1] instanceof String encoding ? encoding
          : StandardCharsets.UTF_8.name());
    }
  }

  private void finish() {
    if (ended) {
      return;
    }
    if (headersEnd != null) {
      headersEnd.handle(null);
    }
    ended = true;
    answer.complete(new Answer(status, body));
    if (bodyEnd != null) {
      bodyEnd.handle(null);
    }
    if (end != null) {
      end.handle(null);
    }
  }
}
