package dev.keygate.gateway.grpc;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's whole body, up to a limit, for the wire forms that must hold the body before they can turn it
 * into the JSON route's request (Connect's binary message, a REST mapping's JSON). Past the limit the rest is read
 * and dropped, so the answer can still be sent on the same connection; the handler then gets null.
 */
final class BoundedBody {

  private static final Logger LOG = LoggerFactory.getLogger(BoundedBody.class);

  private BoundedBody() {}

  /** Calls {@code whole} with the body once it has ended, or with null when it was longer than {@code limit}. */
  static void read(HttpServerRequest request, long limit, Handler<Buffer> whole) {
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.handler(chunk -> {
      if (!tooLarge[0] && body.length() + chunk.length() > limit) {
        tooLarge[0] = true;
      } else if (!tooLarge[0]) {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(failure -> LOG.debug("{} {}: the request failed: {}", request.method(), request.path(),
        failure.getClass().getSimpleName()));
    request.endHandler(ignored -> whole.handle(tooLarge[0] ? null : body));
  }
}
