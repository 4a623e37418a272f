package dev.keygate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Decodes a JSON body once, before any other check, so that malformed JSON is the first error a client sees (as in
 * ZITADEL) and later handlers never parse twice. Bodies declared as another media type are left alone.
 */
public final class JsonBodyDecoder implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext rc) {
    Buffer body = rc.body().buffer();
    if (body != null && body.length() > 0 && MediaTypes.isJsonOrAbsent(rc.request().getHeader("content-type"))) {
      try {
        rc.put(RequestKeys.BODY, new DecodedBody(Json.decodeValue(body)));
      } catch (DecodeException e) {
        rc.fail(400, new MalformedBodyException(e.getMessage()));
        return;
      }
    }
    rc.next();
  }
}
