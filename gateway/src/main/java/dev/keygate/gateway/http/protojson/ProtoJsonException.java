package dev.keygate.gateway.http.protojson;

/**
 * A request body protojson would refuse while decoding (a field given twice, an integer out of its range, an
 * unreadable timestamp). {@link #text()} is protojson's own message without the {@code proto: } prefix and the
 * position, for the surface to write in its answer; it quotes the client's value, so it is kept out of
 * {@link #getMessage()}, which Vert.x logs: the value may be a secret sent in the wrong type.
 */
public final class ProtoJsonException extends RuntimeException {

  private final String text;

  public ProtoJsonException(String text) {
    super("request body refused by protojson's rules", null, false, false);
    this.text = text;
  }

  /** protojson's message, quoting the offending value: for the client's answer only, never for a log. */
  public String text() {
    return text;
  }
}
