package dev.keygate.gateway.http;

/**
 * The body is not parseable JSON. The message is fixed: a parser's message may quote the body, and a body may hold
 * a credential, so it must never reach a log line through this exception.
 */
public final class MalformedBodyException extends RuntimeException {

  public MalformedBodyException() {
    super("the request body is not valid JSON", null, false, false);
  }
}
