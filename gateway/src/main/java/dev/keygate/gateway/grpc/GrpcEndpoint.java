package dev.keygate.gateway.grpc;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.server.GrpcProtocol;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC, gRPC-Web and Connect's binary form on the REST port: each unary call of a {@link GrpcMethods} method runs the
 * JSON route of the same operation ({@link RouteCall}) and answers with its result. One per event loop, like the
 * routers it calls.
 */
public final class GrpcEndpoint implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcEndpoint.class);
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  /** ZITADEL's clients read answers with their own (newer) messages: fields we do not know are theirs to skip. */
  private static final JsonFormat.Parser STRICT_PARSER = JsonFormat.parser();

  private final GrpcServer server;
  private final GrpcMethods methods;
  private final RouteCall routes;
  private final ConnectProtoCall connectProto;
  private final RestMappings rest;
  /**
   * The HTTP request whose call the gRPC server is dispatching: GrpcServer calls the call handler synchronously
   * inside {@link #handle}, on this event loop, and does not expose the HTTP request, whose authority, connection
   * and context the internal request needs.
   */
  private HttpServerRequest carrier;

  public GrpcEndpoint(Vertx vertx, GrpcMethods methods, Function<String, Handler<HttpServerRequest>> routerByPath,
      long maxMessageSize) {
    this.methods = methods;
    this.routes = new RouteCall(routerByPath);
    this.connectProto = new ConnectProtoCall(methods, routes, maxMessageSize);
    this.rest = new RestMappings(methods, routes, maxMessageSize);
    // the transcoding protocol (tech preview) would answer application/json itself: REST stays the routers' job
    this.server = GrpcServer.server(vertx, new GrpcServerOptions()
        .removeEnabledProtocol(GrpcProtocol.TRANSCODING)
        .setMaxMessageSize(maxMessageSize));
    server.callHandler(this::call);
  }

  /**
   * {@code application/grpc…} (gRPC, gRPC-Web and its text form), the content types ZITADEL serves as gRPC, and
   * {@code application/proto}, Connect's binary unary call.
   */
  public boolean takes(HttpServerRequest request) {
    return isGrpc(request) || connectProto.takes(request) || rest.takes(request);
  }

  private static boolean isGrpc(HttpServerRequest request) {
    String type = request.getHeader("content-type");
    return type != null && type.length() >= 16 && type.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (rest.takes(request)) {
      rest.handle(request);
      return;
    }
    if (!isGrpc(request)) {
      connectProto.handle(request);
      return;
    }
    carrier = request;
    try {
      server.handle(request);
    } finally {
      carrier = null;
    }
  }

  private void call(GrpcServerRequest<Buffer, Buffer> call) {
    HttpServerRequest http = carrier;
    GrpcMethod method = methods.find(call.fullMethodName());
    if (method == null || http == null) {
      call.handler(ignored -> { });
      GrpcErrors.end(call.response(), GrpcStatus.UNIMPLEMENTED, "unknown method " + call.fullMethodName());
      return;
    }
    boolean[] refused = {false};
    call.invalidMessageHandler(invalid -> {
      refused[0] = true;
      boolean tooLarge = invalid instanceof MessageSizeOverflowException;
      GrpcErrors.end(call.response(), tooLarge ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.INVALID_ARGUMENT,
          tooLarge ? "request message too large" : "invalid message");
    });
    call.last().onComplete(received -> {
      if (refused[0]) {
        return;
      }
      if (received.failed()) {
        GrpcErrors.end(call.response(), GrpcStatus.INVALID_ARGUMENT, "a unary call takes exactly one message");
        return;
      }
      Message request;
      try {
        request = decode(method, call.format(), received.result());
      } catch (InvalidProtocolBufferException e) {
        GrpcErrors.end(call.response(), GrpcStatus.INVALID_ARGUMENT, "proto: cannot parse invalid wire-format data");
        return;
      }
      String unserved = method.connect() ? UnservedFields.first(request) : null;
      if (unserved != null) {
        GrpcErrors.end(call.response(), GrpcStatus.UNIMPLEMENTED, unserved + " is not served by Keygate");
        return;
      }
      routes.run(http, call.headers(), method, request).onComplete(done -> {
        if (done.failed()) {
          LOG.error("gRPC call {} failed inside Keygate", method.fullName(), done.cause());
          GrpcErrors.end(call.response(), GrpcStatus.INTERNAL, "internal error");
          return;
        }
        answer(call, method, done.result());
      });
    });
  }

  static Message decode(GrpcMethod method, WireFormat format, Buffer payload)
      throws InvalidProtocolBufferException {
    if (format == WireFormat.JSON) {
      DynamicMessage.Builder builder = DynamicMessage.newBuilder(method.input());
      STRICT_PARSER.merge(payload.toString(), builder);
      return builder.build();
    }
    return DynamicMessage.parseFrom(method.input(), payload.getBytes());
  }

  private static void answer(GrpcServerRequest<Buffer, Buffer> call, GrpcMethod method,
                             CapturedResponse.Answer answer) {
    JsonObject body;
    try {
      body = answer.body().length() == 0 ? null : new JsonObject(answer.body());
    } catch (DecodeException e) {
      body = null;
    }
    if (answer.status() != 200 || body == null) {
      GrpcErrors.send(call.response(), answer.status(), body);
      return;
    }
    try {
      DynamicMessage.Builder reply = DynamicMessage.newBuilder(method.output());
      PARSER.merge(answer.body().toString(), reply);
      Message message = reply.build();
      Buffer encoded = call.format() == WireFormat.JSON ? Buffer.buffer(PRINTER.print(message))
          : Buffer.buffer(message.toByteArray());
      call.response().end(encoded);
    } catch (InvalidProtocolBufferException e) {
      // the route's answer does not fit the message: Keygate's bug, never the caller's
      // (the parser's message may quote a value of the answer, a secret among them: never logged)
      LOG.error("answer of {} does not fit {}", method.fullName(), method.output().getFullName());
      GrpcErrors.end(call.response(), GrpcStatus.INTERNAL, "internal error");
    }
  }

  static String print(Message message) throws InvalidProtocolBufferException {
    return PRINTER.print(message);
  }
}
