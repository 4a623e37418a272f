package dev.keygate.gateway.service.token;

import io.vertx.core.json.JsonObject;

/** The time rules of every token Keygate reads back (RFC 7519, no leeway, as vertx-auth-jwt applied them before). */
final class TokenTimes {

  private TokenTimes() {}

  /**
   * Whether a token with these claims may be used at {@code now} (epoch seconds): not expired ({@code exp}, when
   * present, is later than now), not issued in the future ({@code iat}) and already valid ({@code nbf}). A time claim
   * that is not a number makes the token unusable.
   */
  static boolean current(JsonObject claims, long now) {
    Object exp = claims.getValue("exp");
    if (exp != null && !(exp instanceof Number expiry && expiry.longValue() > now)) {
      return false;
    }
    return notAfter(claims.getValue("iat"), now) && notAfter(claims.getValue("nbf"), now);
  }

  private static boolean notAfter(Object claim, long now) {
    return claim == null || claim instanceof Number time && time.longValue() <= now;
  }
}
