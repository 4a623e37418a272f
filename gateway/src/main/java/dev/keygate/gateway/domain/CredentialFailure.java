package dev.keygate.gateway.domain;

/**
 * Why a token request, a client authentication or a revocation was refused, in neutral terms; the OAuth surface turns
 * each reason into its RFC 6749 error. {@code detail} is safe to show: it never names a secret.
 */
public final class CredentialFailure extends RuntimeException {

  public enum Reason {
    /** A required parameter is missing: the client id, the scope, the token to revoke. */
    MISSING_PARAMETER,
    /** Unknown client, wrong or absent secret, or a credential refused on this host. */
    UNKNOWN_CLIENT,
    /** A bad assertion: signature, key, issuer, audience or lifetime, or its user is gone. */
    INVALID_ASSERTION,
    /** The calling client could not be authenticated at introspection or revocation. */
    CLIENT_NOT_AUTHENTICATED
  }

  private final Reason reason;
  private final String detail;

  public CredentialFailure(Reason reason, String detail) {
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
