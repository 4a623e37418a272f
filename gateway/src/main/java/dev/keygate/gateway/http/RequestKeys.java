package dev.keygate.gateway.http;

import dev.keygate.gateway.http.idempotency.IdempotencyHandler;

/** Names of the values handlers leave in the routing context for the handlers after them. */
public final class RequestKeys {

  /** The decoded JSON body as a {@link DecodedBody}; absent when the request had no body. */
  public static final String BODY = "keygate.body";
  /**
   * The {@link dev.keygate.gateway.http.edge.MalformedBodyException} of a body that could not be decoded, when the
   * surface reports it in its own turn (see JsonBodyDecoder).
   */
  public static final String BODY_MALFORMED = "keygate.bodyMalformed";
  /** The contract violations a surface chose to report in its own order. */
  public static final String VIOLATIONS = "keygate.violations";
  /** The authenticated caller (service-layer type of the surface). */
  public static final String CALLER = "keygate.caller";
  /** The authorized scope ({@link dev.keygate.gateway.service.Scope}). */
  public static final String SCOPE = "keygate.scope";

  /** The Idempotency-Key a request holds while it runs ({@link IdempotencyHandler}); absent without the header. */
  public static final String IDEMPOTENCY = "keygate.idempotency";

  private RequestKeys() {}
}
