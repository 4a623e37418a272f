package dev.keygate.gateway.http.edge;

/**
 * The limits of the HTTP edge. The server's own decoder limits are set far above these (see GatewayVerticle), so a
 * request over one of these still parses, reaches {@link EdgePolicy} with its path known, and is answered by the
 * surface that owns the path in its own error shape instead of Netty's plain text.
 *
 * @param uriLength   longest request URI (path and query), in characters; longer is 414
 * @param headerBytes largest sum of header names and values; larger is 431
 * @param bodyLimit   largest body, in bytes; larger is 413
 * @param jsonDepth   deepest nesting of JSON arrays and objects; deeper is a malformed body (400)
 */
public record EdgeLimits(int uriLength, int headerBytes, long bodyLimit, int jsonDepth) {

  public static final int URI_LENGTH = 8 * 1024;
  public static final int HEADER_BYTES = 16 * 1024;
  public static final int JSON_DEPTH = 64;
  /** What the HTTP decoder accepts before it gives up on a request (and the fallback answers it,
      see GatewayVerticle). */
  public static final int DECODER_LINE_AND_HEADERS = 256 * 1024;

  public static EdgeLimits withBodyLimit(long bodyLimit) {
    return new EdgeLimits(URI_LENGTH, HEADER_BYTES, bodyLimit, JSON_DEPTH);
  }
}
