package dev.keygate.gateway.http;

/** The body is not parseable JSON. The message is the parser's, which never echoes more than a short excerpt. */
public final class MalformedBodyException extends RuntimeException {

  public MalformedBodyException(String message) {
    super(message, null, false, false);
  }
}
