package dev.keygate.gateway.http.edge;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;

/**
 * What Netty's form decoder throws at a client's bad body (a field over the limit, too many fields, a bad escape),
 * which Vert.x's body handler passes on as the request's failure. These are the client's errors, not Keygate's.
 */
public final class DecoderFailures {

  private DecoderFailures() {}

  /** The edge's name for this failure, or null when it is not a decoder's complaint about the body. */
  public static EdgeRejection.Kind kind(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || t instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
        return EdgeRejection.Kind.BODY_TOO_LARGE;
      }
      if (t instanceof DecoderException || t instanceof IllegalArgumentException && thrownByFormDecoder(t)) {
        return EdgeRejection.Kind.MALFORMED_FORM;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** Netty's form decoder refuses a field with an empty name ({@code &=x}) with an IllegalArgumentException. */
  private static boolean thrownByFormDecoder(Throwable t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith("io.netty.handler.codec.http.multipart.")) {
        return true;
      }
    }
    return false;
  }
}
