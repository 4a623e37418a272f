package dev.keygate.gateway.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.keygate.gateway.grpc.proto.v1.ErrorDetail;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZITADEL's REST mappings of v2 and v2beta methods ({@code GET /v2/users/{user_id}}, {@code POST /v2beta/projects},
 * …), from each operation's {@code x-zitadel-rest}: grpc-gateway's reading of a request (path parameters by their
 * proto name, the JSON body for POST, query parameters for GET and DELETE) builds the method's JSON message, which runs
 * the Connect route of the same operation ({@link RouteCall}); its answer is sent as is, its Connect error in
 * grpc-gateway's shape, as v1's REST paths write errors.
 */
final class RestMappings implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(RestMappings.class);
  private static final String DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  /** One mapping: its HTTP method, its path template's segments and the method it stands for. */
  private record Mapping(HttpMethod method, String[] segments, GrpcMethod target) {

    /** The path parameters ({@code user_id} → {@code userId}: protojson's name), or null when the path differs. */
    JsonObject match(String[] path) {
      if (path.length != segments.length) {
        return null;
      }
      JsonObject parameters = new JsonObject();
      for (int i = 0; i < path.length; i++) {
        String segment = segments[i];
        if (segment.startsWith("{") && segment.endsWith("}")) {
          if (path[i].isEmpty()) {
            return null;
          }
          parameters.put(jsonName(segment.substring(1, segment.length() - 1)), decode(path[i]));
        } else if (!segment.equals(path[i])) {
          return null;
        }
      }
      return parameters;
    }
  }

  private final List<Mapping> mappings;
  private final RouteCall routes;
  private final long bodyLimit;

  RestMappings(GrpcMethods methods, RouteCall routes, long bodyLimit) {
    List<Mapping> list = new ArrayList<>();
    for (GrpcMethod method : methods.all()) {
      if (method.rest() != null) {
        String[] rule = method.rest().split(" ", 2);
        list.add(new Mapping(HttpMethod.valueOf(rule[0]), rule[1].substring(1).split("/", -1), method));
      }
    }
    this.mappings = List.copyOf(list);
    this.routes = routes;
    this.bodyLimit = bodyLimit;
  }

  /** Paths under {@code /v2/} and {@code /v2beta/}, ZITADEL's REST prefixes of the v2 services. */
  boolean takes(HttpServerRequest request) {
    String path = request.path();
    return path.startsWith("/v2/") || path.startsWith("/v2beta/");
  }

  @Override
  public void handle(HttpServerRequest request) {
    String[] path = request.path().substring(1).split("/", -1);
    Mapping found = null;
    JsonObject parameters = null;
    boolean pathKnown = false;
    for (Mapping mapping : mappings) {
      JsonObject matched = mapping.match(path);
      if (matched != null) {
        pathKnown = true;
        if (mapping.method() == request.method()) {
          found = mapping;
          parameters = matched;
          break;
        }
      }
    }
    if (found == null) {
      // grpc-gateway's answers: an unknown path is NotFound, a known path under another method Unimplemented
      boolean otherMethod = pathKnown;
      request.handler(ignored -> { }).endHandler(ignored -> error(request, otherMethod ? 405 : 404,
          otherMethod ? 12 : 5, otherMethod ? "Method Not Allowed" : "Not Found"));
      return;
    }
    Mapping mapping = found;
    JsonObject fromPath = parameters;
    BoundedBody.read(request, bodyLimit, body -> {
      if (body == null) {
        error(request, 413, 8, "request body too large");
        return;
      }
      JsonObject message;
      try {
        message = message(request, mapping, body);
      } catch (DecodeException | ClassCastException e) {
        error(request, 400, 3, "the request body is not a JSON object");
        return;
      }
      message.mergeIn(fromPath);
      routes.run(request, request.headers(), mapping.target(), message).onComplete(done -> {
        if (done.failed()) {
          LOG.error("REST call {} failed inside Keygate", mapping.target().fullName(), done.cause());
          error(request, 500, 13, "internal error");
          return;
        }
        answer(request, done.result());
      });
    });
  }

  /** The body for POST ({@code body: "*"}), the query parameters for GET and DELETE. */
  private static JsonObject message(HttpServerRequest request, Mapping mapping, Buffer body) {
    if (mapping.method() == HttpMethod.POST) {
      return body.length() == 0 ? new JsonObject() : new JsonObject(body);
    }
    JsonObject message = new JsonObject();
    for (Map.Entry<String, String> parameter : request.params()) {
      message.put(jsonName(parameter.getKey()), parameter.getValue());
    }
    return message;
  }

  private static void answer(HttpServerRequest request, CapturedResponse.Answer answer) {
    Buffer body = answer.body();
    if (answer.status() != 200) {
      body = gatewayError(body).toBuffer();
    }
    request.response().setStatusCode(answer.status()).putHeader("content-type", "application/json").end(body);
  }

  /** A Connect error body in grpc-gateway's shape: the code's number, the message, ErrorDetail as JSON. */
  static JsonObject gatewayError(Buffer connectBody) {
    JsonObject connect;
    try {
      connect = new JsonObject(connectBody);
    } catch (DecodeException e) {
      return new JsonObject().put("code", 2).put("message", "unexpected answer");
    }
    Integer code = GrpcErrors.connectCode(connect.getString("code", "unknown"));
    JsonObject error = new JsonObject().put("code", code == null ? 2 : code)
        .put("message", connect.getString("message", ""));
    JsonArray details = connect.getJsonArray("details");
    if (details != null && !details.isEmpty()) {
      JsonArray converted = new JsonArray();
      for (Object item : details) {
        if (item instanceof JsonObject detail && "zitadel.v1.ErrorDetail".equals(detail.getString("type"))) {
          try {
            ErrorDetail parsed = ErrorDetail.parseFrom(Base64.getDecoder().decode(detail.getString("value")));
            converted.add(new JsonObject().put("@type", DETAIL_TYPE).put("id", parsed.getId())
                .put("message", parsed.getMessage()));
          } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            LOG.error("an ErrorDetail of Keygate's own does not parse");
          }
        }
      }
      error.put("details", converted);
    }
    return error;
  }

  private static void error(HttpServerRequest request, int status, int code, String message) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).put("details", new JsonArray()).toBuffer());
  }

  /** protojson's name of a proto field name: {@code application_id} → {@code applicationId}. */
  static String jsonName(String protoName) {
    StringBuilder name = new StringBuilder(protoName.length());
    boolean upper = false;
    for (char c : protoName.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** A path segment's percent-decoding ('+' stays '+': that is a query's convention, not a path's). */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

}
