package dev.keygate.gateway.oauth;

import dev.keygate.gateway.domain.CredentialFailure;
import java.util.Locale;

/** RFC 6749's error codes (section 5.2, with RFC 6749's {@code server_error}/{@code temporarily_unavailable}). */
enum OAuthError {
  /** A malformed or incomplete request: missing client_id, scope or token (ZITADEL: invalid_request). */
  INVALID_REQUEST,
  /** Unknown client, or a client that may not use this grant (ZITADEL: 400 invalid_client). */
  INVALID_CLIENT,
  /** A bad assertion: signature, key, issuer, audience or lifetime. */
  INVALID_GRANT,
  UNSUPPORTED_GRANT_TYPE,
  /** The calling client could not be authenticated at introspection or revocation. */
  UNAUTHORIZED_CLIENT,
  SERVER_ERROR,
  TEMPORARILY_UNAVAILABLE;

  /** The code as the wire writes it, e.g. {@code invalid_client}. */
  String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Each reason a service refuses a credential, in RFC 6749's words. */
  static OAuthError of(CredentialFailure.Reason reason) {
    return switch (reason) {
      case MISSING_PARAMETER -> INVALID_REQUEST;
      case UNKNOWN_CLIENT -> INVALID_CLIENT;
      case INVALID_ASSERTION -> INVALID_GRANT;
      case CLIENT_NOT_AUTHENTICATED -> UNAUTHORIZED_CLIENT;
    };
  }
}
