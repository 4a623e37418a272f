package dev.keygate.gateway.grpc;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connect's unary call in protobuf's binary form ({@code POST /zitadel.<pkg>.<Service>/<Method>}, {@code Content-Type:
 * application/proto}) for the v2 methods: the message is decoded with Keygate's .proto descriptor and runs the JSON
 * route of the same operation ({@link RouteCall}); a 200 answer is encoded back, any other answer is sent as the route
 * wrote it, since Connect's unary errors are JSON whatever the request's form (connectrpc.com/docs/protocol,
 * "Unary-Response"). {@code Connect-Protocol-Version} is passed on, never required, as for JSON.
 */
final class ConnectProtoCall implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectProtoCall.class);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final GrpcMethods methods;
  private final RouteCall routes;
  private final long maxMessageSize;

  ConnectProtoCall(GrpcMethods methods, RouteCall routes, long maxMessageSize) {
    this.methods = methods;
    this.routes = routes;
    this.maxMessageSize = maxMessageSize;
  }

  /** {@code application/proto}, parameters aside. */
  static boolean isConnectProto(String contentType) {
    if (contentType == null) {
      return false;
    }
    int end = contentType.indexOf(';');
    return (end < 0 ? contentType : contentType.substring(0, end)).trim().equalsIgnoreCase("application/proto");
  }

  /** Whether the request is a Connect binary call of a v2 method; anything else is the routers' to answer. */
  boolean takes(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && isConnectProto(request.getHeader("content-type"))
        && method(request) != null;
  }

  private GrpcMethod method(HttpServerRequest request) {
    String path = request.path();
    GrpcMethod method = path.length() > 1 ? methods.find(path.substring(1)) : null;
    return method != null && method.connect() ? method : null;
  }

  @Override
  public void handle(HttpServerRequest request) {
    GrpcMethod method = method(request);
    String encoding = request.getHeader("content-encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      // Connect's answer to a compression the server lacks, naming the ones it has
      request.response().putHeader("accept-encoding", "identity");
      request.handler(ignored -> { }).endHandler(ignored -> error(request, 501, "unimplemented",
          "content-encoding " + encoding.toLowerCase(Locale.ROOT) + " is not supported"));
      return;
    }
    BoundedBody.read(request, maxMessageSize, body -> {
      if (body == null) {
        error(request, 413, "resource_exhausted", "request message too large");
        return;
      }
      Message message;
      try {
        message = DynamicMessage.parseFrom(method.input(), body.getBytes());
      } catch (InvalidProtocolBufferException e) {
        error(request, 400, "invalid_argument", "proto: cannot parse invalid wire-format data");
        return;
      }
      String unserved = UnservedFields.first(message);
      if (unserved != null) {
        error(request, 501, "unimplemented", unserved + " is not served by Keygate");
        return;
      }
      routes.run(request, request.headers(), method, message).onComplete(done -> {
        if (done.failed()) {
          LOG.error("Connect call {} failed inside Keygate", method.fullName(), done.cause());
          error(request, 500, "internal", "internal error");
          return;
        }
        answer(request, method, done.result());
      });
    });
  }

  private static void answer(HttpServerRequest request, GrpcMethod method, CapturedResponse.Answer answer) {
    if (answer.status() != 200) {
      request.response().setStatusCode(answer.status()).putHeader("content-type", "application/json")
          .end(answer.body());
      return;
    }
    try {
      DynamicMessage.Builder reply = DynamicMessage.newBuilder(method.output());
      PARSER.merge(answer.body().toString(), reply);
      request.response().setStatusCode(200).putHeader("content-type", "application/proto")
          .end(Buffer.buffer(reply.build().toByteArray()));
    } catch (InvalidProtocolBufferException e) {
      // the route's answer does not fit the message: Keygate's bug (never logged: it may quote a secret)
      LOG.error("answer of {} does not fit {}", method.fullName(), method.output().getFullName());
      error(request, 500, "internal", "internal error");
    }
  }

  private static void error(HttpServerRequest request, int status, String code, String message) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).toBuffer());
  }
}
