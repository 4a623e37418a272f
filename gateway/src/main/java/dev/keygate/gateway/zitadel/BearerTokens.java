package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.DomainError;
import io.vertx.ext.web.RoutingContext;

/** ZITADEL's reading of {@code Authorization}: missing → "auth header missing"; not {@code Bearer } → invalid. */
final class BearerTokens {

  private static final String PREFIX = "Bearer ";

  private BearerTokens() {}

  /** The token, or fails the request with ZITADEL's error and returns null. */
  static String require(RoutingContext rc) {
    String header = rc.request().getHeader("authorization");
    if (header == null || header.isEmpty()) {
      rc.fail(DomainError.AUTH_HEADER_MISSING.exception());
      return null;
    }
    if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || header.length() == PREFIX.length()) {
      rc.fail(DomainError.AUTH_HEADER_INVALID.exception());
      return null;
    }
    return header.substring(PREFIX.length()).trim();
  }
}
