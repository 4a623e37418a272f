package dev.keygate.gateway.http.edge;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The response to a HEAD request: the handlers of the GET route write it as they would for GET, and everything reaches
 * the real response except the body. Vert.x 5.0 leaves the body out of an answer to HEAD on HTTP/1.1 only; on HTTP/2
 * it sends the body as DATA frames, which clients must treat as a broken stream (RFC 9113 §8.1.1; curl does). The
 * Content-Length stays the one GET would have had, which RFC 9110 §8.6 allows and Vert.x would drop. A dynamic
 * proxy, because {@link HttpServerResponse} has some ninety methods, of which three carry a body.
 */
final class BodilessResponse implements InvocationHandler {

  private final HttpServerResponse real;

  private BodilessResponse(HttpServerResponse real) {
    this.real = real;
  }

  static HttpServerResponse of(HttpServerResponse real) {
    return (HttpServerResponse) Proxy.newProxyInstance(HttpServerResponse.class.getClassLoader(),
        new Class<?>[] {HttpServerResponse.class}, new BodilessResponse(real));
  }

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    if (method.isDefault()) {
      // send(…), end(Object) and the other conveniences end up in the methods below
      return InvocationHandler.invokeDefault(self, method, args);
    }
    boolean withBody = args != null && args.length > 0;
    if (withBody && method.getName().equals("end")) {
      keepLength(args);
      return real.end();
    }
    if (withBody && method.getName().equals("write")) {
      return Future.succeededFuture();
    }
    try {
      Object result = method.invoke(real, args);
      // fluent calls go on through the proxy, so that a chained end(body) still loses its body
      return result == real ? self : result;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** {@code args} of {@code end(Buffer)}, {@code end(String)} or {@code end(String, String encoding)}. */
  private void keepLength(Object[] args) {
    if (real.headers().contains(HttpHeaders.CONTENT_LENGTH) || real.isChunked()) {
      return;
    }
    long length;
    if (args[0] instanceof Buffer buffer) {
      length = buffer.length();
    } else {
      Charset charset = args.length > 1 ? Charset.forName((String) args[1]) : StandardCharsets.UTF_8;
      length = ((String) args[0]).getBytes(charset).length;
    }
    real.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
  }
}
