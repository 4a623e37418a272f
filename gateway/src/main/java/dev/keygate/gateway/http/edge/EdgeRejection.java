package dev.keygate.gateway.http.edge;

/**
 * A request the HTTP edge refuses before any surface logic (see {@link EdgePolicy}). Each surface writes it in its own
 * error shape with {@link Kind#status()}. The message is fixed per kind: it never quotes the request, which may carry
 * a credential.
 */
public final class EdgeRejection extends RuntimeException {

  /** Why the edge refused the request, and the HTTP status that says so. */
  public enum Kind {
    URI_TOO_LONG(414, "the request URI is too long"),
    HEADERS_TOO_LARGE(431, "the request headers are too large"),
    BODY_TOO_LARGE(413, "the request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "the content type of the request body is not supported"),
    EXPECTATION_FAILED(417, "the only expectation this server meets is Expect: 100-continue"),
    BODY_NOT_ALLOWED(400, "this method takes no request body"),
    INVALID_CHARACTERS(400, "the request contains a NUL character or invalid UTF-8"),
    MALFORMED_FORM(400, "the form body is malformed"),
    AMBIGUOUS_FRAMING(400, "Transfer-Encoding must be chunked alone, and never comes with Content-Length"),
    BAD_REQUEST(400, "the request is malformed");

    private final int status;
    private final String message;

    Kind(int status, String message) {
      this.status = status;
      this.message = message;
    }

    public int status() {
      return status;
    }

    public String message() {
      return message;
    }
  }

  private final Kind kind;

  public EdgeRejection(Kind kind) {
    super(kind.message(), null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return kind.status();
  }
}
