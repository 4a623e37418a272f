package dev.keygate.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A request body decoded once, before authentication; {@code value} may be JSON {@code null}. */
public record DecodedBody(Object value) {

  /**
   * The body a handler reads, after the contract has validated it: a JSON object, or {@code {}} when the request had
   * none (or, where the contract allows it, one that is no object).
   */
  public static JsonObject objectOf(RoutingContext rc) {
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    return decoded != null && decoded.value() instanceof JsonObject object ? object : new JsonObject();
  }
}
