package dev.keygate.gateway.zitadel.v2;

/**
 * A v2 request this surface refuses in its own terms, where no domain error fits: a configuration Keygate does not
 * serve (OIDC and SAML applications: {@code unimplemented}), a choice the v2 API leaves open but Keygate does not
 * offer (caller-chosen ids). No stack trace: it is an answer, not a fault.
 */
final class ConnectRefusal extends RuntimeException {

  private final transient ConnectError error;

  ConnectRefusal(ConnectError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  ConnectError error() {
    return error;
  }

  static ConnectRefusal unimplemented(String text) {
    return new ConnectRefusal(ConnectError.plain(12, text));
  }

  static ConnectRefusal invalidArgument(String text) {
    return new ConnectRefusal(ConnectError.plain(3, text));
  }
}
