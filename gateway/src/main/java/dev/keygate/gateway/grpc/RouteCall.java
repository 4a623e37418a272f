package dev.keygate.gateway.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one gRPC request message through the REST route of its operation, as grpc-gateway maps the two: the message
 * printed as protojson (lowerCamelCase names, enums by name, 64-bit integers as strings, absent fields omitted) is the
 * body, except the fields the path names, which go into the path; the call's metadata are the headers
 * ({@code authorization}, {@code x-zitadel-orgid}, {@code x-zitadel-instance-host}, …), without the gRPC transport's
 * own.
 */
final class RouteCall {

  /** Headers of the gRPC transport, meaningless (or misleading) for the JSON request. */
  private static final Set<String> TRANSPORT_HEADERS = Set.of("content-type", "content-length", "te",
      "transfer-encoding", "accept", "accept-encoding", "x-grpc-web", "x-user-agent", "connection", "keep-alive",
      "upgrade", "http2-settings");

  private final Function<String, Handler<HttpServerRequest>> routerByPath;

  RouteCall(Function<String, Handler<HttpServerRequest>> routerByPath) {
    this.routerByPath = routerByPath;
  }

  Future<CapturedResponse.Answer> run(HttpServerRequest carrier, MultiMap metadata, GrpcMethod method,
                                      Message message) {
    try {
      return run(carrier, metadata, method, new JsonObject(GrpcEndpoint.print(message)));
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(e);
    }
  }

  /** The same for a message already in its JSON form (ZITADEL's REST mappings). */
  Future<CapturedResponse.Answer> run(HttpServerRequest carrier, MultiMap metadata, GrpcMethod method,
                                      JsonObject fields) {
    String path = path(method, fields);
    Buffer body = method.hasBody() ? fields.toBuffer() : null;
    MultiMap headers = headers(metadata, body);
    CapturedResponse response = new CapturedResponse(((HttpServerRequestInternal) carrier).context());
    Handler<HttpServerRequest> router = routerByPath.apply(path);
    router.handle(new InternalRequest(carrier, method.httpMethod(), path, headers, body, response.response()));
    return response.answer();
  }

  /** The path with each parameter's field, percent-encoded; the field leaves the body. */
  private static String path(GrpcMethod method, JsonObject fields) {
    String path = method.pathTemplate();
    for (FieldDescriptor field : method.pathFields()) {
      Object value = fields.remove(field.getJsonName());
      path = path.replace("{" + field.getJsonName() + "}", segment(value == null ? "" : value.toString()));
    }
    return path;
  }

  private static MultiMap headers(MultiMap metadata, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> entry : metadata) {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      if (!name.startsWith(":") && !name.startsWith("grpc-") && !TRANSPORT_HEADERS.contains(name)) {
        headers.add(name, entry.getValue());
      }
    }
    if (body != null) {
      headers.set("content-type", "application/json");
      headers.set("content-length", Integer.toString(body.length()));
    }
    return headers;
  }

  /** RFC 3986 unreserved characters stay; every other byte of the UTF-8 form is percent-encoded. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
