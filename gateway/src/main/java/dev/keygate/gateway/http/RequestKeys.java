package dev.keygate.gateway.http;

/** Names of the values handlers leave in the routing context for the handlers after them. */
public final class RequestKeys {

  /** The decoded JSON body as a {@link DecodedBody}; absent when the request had no body. */
  public static final String BODY = "keygate.body";
  /** The authenticated caller (service-layer type of the surface). */
  public static final String CALLER = "keygate.caller";
  /** The authorized scope ({@link dev.keygate.gateway.service.Scope}). */
  public static final String SCOPE = "keygate.scope";

  private RequestKeys() {}
}
