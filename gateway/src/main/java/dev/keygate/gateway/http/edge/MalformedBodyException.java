package dev.keygate.gateway.http.edge;

/**
 * The body is not parseable JSON. The message is fixed: a parser's message may quote the body, and a body may hold
 * a credential, so it must never reach a log line through this exception.
 */
public final class MalformedBodyException extends RuntimeException {

  private final String duplicateKey;

  public MalformedBodyException() {
    this(null);
  }

  /** @param duplicateKey the key an object repeated, when that was the fault (for the client's answer only) */
  public MalformedBodyException(String duplicateKey) {
    super("the request body is not valid JSON", null, false, false);
    this.duplicateKey = duplicateKey;
  }

  /** The key an object of the body repeated, or null when the body is malformed otherwise. */
  public String duplicateKey() {
    return duplicateKey;
  }
}
