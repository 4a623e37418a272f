package dev.keygate.gateway.http.idempotency;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.RequestKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What makes two requests "the same" for an Idempotency-Key: method, path with query, and the body in canonical
 * form, so that the same JSON sent with other key order or white space is the same request. A JSON body is written
 * with its object keys sorted (recursively) and no white space; any other body counts byte for byte.
 */
final class RequestFingerprint {

  private RequestFingerprint() {}

  static byte[] of(RoutingContext rc) {
    StringBuilder text = new StringBuilder(256).append(rc.request().method().name()).append('\n')
        .append(rc.request().path());
    if (rc.request().query() != null) {
      text.append('?').append(rc.request().query());
    }
    text.append('\n');
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    if (decoded != null) {
      canonical(decoded.value(), text);
    } else {
      Buffer raw = rc.body() == null ? null : rc.body().buffer();
      if (raw != null) {
        text.append(raw.toString(StandardCharsets.UTF_8));
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void canonical(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      value = object.getMap();
    } else if (value instanceof JsonArray array) {
      value = array.getList();
    }
    if (value instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      map.keySet().forEach(key -> keys.add(String.valueOf(key)));
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        out.append(i == 0 ? "" : ",").append(Json.encode(keys.get(i))).append(':');
        canonical(map.get(keys.get(i)), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        canonical(list.get(i), out);
      }
      out.append(']');
    } else {
      out.append(Json.encode(value));
    }
  }
}
