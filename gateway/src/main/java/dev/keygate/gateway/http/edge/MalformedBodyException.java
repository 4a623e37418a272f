package dev.keygate.gateway.http.edge;

/**
 * The body is not parseable JSON. The message is fixed: a parser's message may quote the body, and a body may hold
 * a credential, so it must never reach a log line through this exception. What the client learns is where the parser
 * stopped ({@link #position()}) and, for a repeated key, the key.
 */
public final class MalformedBodyException extends RuntimeException {

  private final String duplicateKey;
  private final JsonPosition position;

  /**
   * @param duplicateKey the key an object repeated, when that was the fault (for the client's answer only)
   * @param position     where decoding failed
   */
  public MalformedBodyException(String duplicateKey, JsonPosition position) {
    super("the request body is not valid JSON", null, false, false);
    this.duplicateKey = duplicateKey;
    this.position = position;
  }

  /** The key an object of the body repeated, or null when the body is malformed otherwise. */
  public String duplicateKey() {
    return duplicateKey;
  }

  /** Where in the body decoding failed. */
  public JsonPosition position() {
    return position;
  }
}
