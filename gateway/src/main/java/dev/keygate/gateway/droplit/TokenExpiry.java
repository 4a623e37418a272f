package dev.keygate.gateway.droplit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Keygate's addition to Droplit's client tokens: an optional {@code expiresAt} when a token is created (Droplit's
 * tokens never expire). {@link DroplitRenderer} shows it, and {@code lastUsedAt}, on the token list.
 */
final class TokenExpiry {

  private static final String FIELD = "expiresAt";

  private TokenExpiry() {}

  /** The expiry the request asks for, or null; a value that is no RFC 3339 time is "Token Expiry Invalid". */
  static Future<Instant> of(JsonObject body) {
    String value = body.getString(FIELD);
    if (value == null) {
      return Future.succeededFuture();
    }
    try {
      return Future.succeededFuture(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Future.failedFuture(new DroplitErrorException(invalid()));
    }
  }

  /** A token's expiry that is not in the future (or not a time). */
  static DroplitError invalid() {
    return DroplitError.invalidParameters("Token Expiry Invalid", DroplitError.parameter(FIELD, "body", "invalid"));
  }
}
