package dev.keygate.gateway.service;

/**
 * Why a token request, a client authentication or a revocation failed, in OAuth's terms (RFC 6749 section 5.2); the
 * OAuth surface turns it into the wire error. {@code detail} is safe to show: it never names a secret.
 */
public final class OAuthFailure extends RuntimeException {

  public enum Reason {
    /** Unknown client, or a client that may not use this grant (ZITADEL: 400 invalid_client). */
    INVALID_CLIENT,
    /** A malformed or incomplete request: missing scope, no secret set, wrong secret (ZITADEL: invalid_request). */
    INVALID_REQUEST,
    /** A bad assertion: signature, key, issuer, audience or lifetime. */
    INVALID_GRANT,
    UNSUPPORTED_GRANT_TYPE,
    /** The calling client could not be authenticated at introspection or revocation. */
    UNAUTHORIZED_CLIENT
  }

  private final Reason reason;
  private final String detail;

  public OAuthFailure(Reason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }
}
