package dev.keygate.gateway.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.keygate.gateway.grpc.proto.rpc.Status;
import dev.keygate.gateway.grpc.proto.v1.ErrorDetail;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A unary gRPC call with raw frames (5-byte prefix, then the message), over three transports: gRPC on HTTP/2 with
 * prior knowledge (what grpc-js does without TLS), gRPC-Web on HTTP/1.1 and gRPC-Web on HTTP/2. Vert.x's plain
 * HTTP client, so no gRPC library of ours is on the client side.
 */
public final class GrpcClient implements AutoCloseable {

  public enum Transport { GRPC_H2C, WEB_HTTP1, WEB_H2C }

  /** What came back: HTTP status, gRPC status, the decoded message, the details trailer and the message bytes. */
  public record Reply(int httpStatus, int code, String message, String detailsBin, byte[] payload,
                      MultiMap headers, HttpVersion version) {

    public <T extends Message> T as(Parser<T> parser) {
      try {
        return parser.parseFrom(payload);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("not a " + parser + ": " + e.getMessage(), e);
      }
    }

    /** The ErrorDetail of grpc-status-details-bin, or null without details. */
    public ErrorDetail detail() {
      if (detailsBin == null) {
        return null;
      }
      try {
        Status status = Status.parseFrom(Base64.getDecoder().decode(detailsBin));
        if (status.getCode() != code || !status.getMessage().equals(message) || status.getDetailsCount() != 1) {
          throw new AssertionError("details do not repeat the status: " + status);
        }
        return status.getDetails(0).unpack(ErrorDetail.class);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent http1;
  private final HttpClientAgent http2;
  private final int port;

  public GrpcClient(int port) {
    this(port, null);
  }

  /**
   * {@code caPem} null: the transports without TLS (h2c with prior knowledge); else TLS trusting that CA only, with
   * HTTP/2 agreed by ALPN ({@code h2}) for {@link Transport#GRPC_H2C} and {@link Transport#WEB_H2C}.
   */
  public GrpcClient(int port, Path caPem) {
    this(port, caPem, null, null);
  }

  /** Over TLS trusting {@code caPem}, showing the key and certificate of a PKCS#12 file when the server asks. */
  public GrpcClient(int port, Path caPem, Path clientPkcs12, String password) {
    this.port = port;
    this.http1 = vertx.createHttpClient(clientKey(tls(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1), caPem), clientPkcs12, password));
    this.http2 = vertx.createHttpClient(clientKey(tls(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false), caPem), clientPkcs12, password));
  }

  private static HttpClientOptions clientKey(HttpClientOptions options, Path pkcs12, String password) {
    return pkcs12 == null ? options
        : options.setKeyCertOptions(new PfxOptions().setPath(pkcs12.toString()).setPassword(password));
  }

  private static HttpClientOptions tls(HttpClientOptions options, Path caPem) {
    return caPem == null ? options : options.setSsl(true).setUseAlpn(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(caPem.toString()));
  }

  public Reply call(Transport transport, String method, Message request, Map<String, String> metadata) {
    return call(transport, method, frame(request.toByteArray()), metadata);
  }

  public static Map<String, String> bearer(String token) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (token != null) {
      metadata.put("authorization", "Bearer " + token);
    }
    return metadata;
  }

  public static Buffer frame(byte[] message) {
    return Buffer.buffer().appendByte((byte) 0).appendInt(message.length).appendBytes(message);
  }

  /** A call with a body given as is (frames included), for malformed and oversize messages. */
  public Reply call(Transport transport, String method, Buffer body, Map<String, String> metadata) {
    boolean web = transport != Transport.GRPC_H2C;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/" + method)
        .putHeader("content-type", web ? "application/grpc-web+proto" : "application/grpc")
        .putHeader("te", "trailers");
    // ":authority" picks the authority (HTTP/2) or Host (HTTP/1.1) while the connection still goes to 127.0.0.1
    String authority = metadata.get(":authority");
    if (authority != null) {
      options.setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1")).setHost(authority);
    }
    metadata.forEach((name, value) -> {
      if (!name.startsWith(":")) {
        options.putHeader(name, value);
      }
    });
    HttpClientAgent client = transport == Transport.WEB_HTTP1 ? http1 : http2;
    // the chain is built on the client's event loop: from a foreign thread its steps would run later, and a
    // response body that arrives before body() is asked for would be lost (a hang)
    Promise<Reply> reply = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(bytes -> web ? webReply(response, bytes)
            : grpcReply(response, bytes)))
        .onComplete(reply));
    try {
      return reply.future().toCompletionStage().toCompletableFuture()
          .get(Integer.getInteger("grpc.test.timeout", 30), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plain HTTP/2 (h2c, prior knowledge) request: status and body; no Host header, only :authority. */
  public Reply h2c(HttpMethod method, String uri, String authority, Map<String, String> headers, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setServer(
        SocketAddress.inetSocketAddress(port, "127.0.0.1")).setHost(authority).setPort(port).setURI(uri);
    headers.forEach(options::putHeader);
    Promise<Reply> reply = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> http2.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(bytes -> new Reply(response.statusCode(), -1, null, null,
            bytes.getBytes(), response.headers(), response.version())))
        .onComplete(reply));
    try {
      return reply.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Reply grpcReply(HttpClientResponse response, Buffer body) {
    MultiMap trailers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers()).addAll(response.trailers());
    return reply(response, trailers, body.length() >= 5 ? body.getBytes(5, body.length()) : null);
  }

  private static Reply webReply(HttpClientResponse response, Buffer body) {
    MultiMap trailers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
    byte[] payload = null;
    int at = 0;
    while (at + 5 <= body.length()) {
      byte flags = body.getByte(at);
      int length = body.getInt(at + 1);
      Buffer content = body.getBuffer(at + 5, at + 5 + length);
      if ((flags & 0x80) != 0) {
        for (String line : content.toString(StandardCharsets.US_ASCII).split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            trailers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
          }
        }
      } else {
        payload = content.getBytes();
      }
      at += 5 + length;
    }
    return reply(response, trailers, payload);
  }

  private static Reply reply(HttpClientResponse response, MultiMap trailers, byte[] payload) {
    String status = trailers.get("grpc-status");
    String message = trailers.get("grpc-message");
    return new Reply(response.statusCode(), status == null ? -1 : Integer.parseInt(status),
        message == null ? null : URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8),
        trailers.get("grpc-status-details-bin"), payload, trailers, response.version());
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
