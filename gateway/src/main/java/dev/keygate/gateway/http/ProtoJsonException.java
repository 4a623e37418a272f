package dev.keygate.gateway.http;

/**
 * A request body protojson would refuse while decoding (a field given twice, an integer out of its range, an
 * unreadable timestamp): the message is protojson's own text without the {@code proto: } prefix and the position,
 * for the surface to write in its error format.
 */
public final class ProtoJsonException extends RuntimeException {

  public ProtoJsonException(String message) {
    super(message, null, false, false);
  }
}
