package dev.keygate.gateway.http.edge;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Refuses form fields the rest of Keygate cannot hold: a NUL or an unpaired surrogate. A {@code %00} in a
 * {@code client_id} would otherwise reach a PostgreSQL text parameter and fail there as a server error.
 */
public final class FormFieldScreen implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext rc) {
    for (Map.Entry<String, String> field : rc.request().formAttributes()) {
      if (!StrictJson.storable(field.getKey()) || !StrictJson.storable(field.getValue())) {
        rc.fail(400, new EdgeRejection(EdgeRejection.Kind.INVALID_CHARACTERS));
        return;
      }
    }
    rc.next();
  }
}
