package dev.keygate.gateway.http.edge;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.contract.MediaTypes;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Decodes a JSON body once, before any other check, so that malformed JSON is the first error a client sees (as in
 * ZITADEL) and later handlers never parse twice. Bodies declared as another media type are left alone. Too deep
 * nesting, repeated keys, NUL and unpaired surrogates count as malformed ({@link StrictJson}); the failure says where
 * in the body it is ({@link MalformedBodyException#position()}), which every surface reports in its own shape.
 */
public final class JsonBodyDecoder implements Handler<RoutingContext> {

  private final boolean failFast;
  private final StrictJson json;

  /**
   * @param failFast fail malformed JSON at once (ZITADEL: before authentication), or only leave it for the validator
   *                 to report in the surface's own order (Droplit: after authentication and the query string), as
   *                 {@link RequestKeys#BODY_MALFORMED}
   */
  public JsonBodyDecoder(boolean failFast, int maxDepth) {
    this.failFast = failFast;
    this.json = new StrictJson(maxDepth);
  }

  @Override
  public void handle(RoutingContext rc) {
    Buffer body = rc.body().buffer();
    if (body != null && body.length() > 0 && MediaTypes.isJsonOrAbsent(rc.request().getHeader("content-type"))) {
      try {
        rc.put(RequestKeys.BODY, new DecodedBody(json.decode(body)));
      } catch (MalformedBodyException malformed) {
        if (failFast) {
          rc.fail(400, malformed);
          return;
        }
        rc.put(RequestKeys.BODY_MALFORMED, malformed);
      }
    }
    rc.next();
  }
}
