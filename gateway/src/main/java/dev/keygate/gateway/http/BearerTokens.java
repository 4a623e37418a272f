package dev.keygate.gateway.http;

import dev.keygate.gateway.domain.DomainError;
import io.vertx.ext.web.RoutingContext;

/** Reading {@code Authorization: Bearer <token>}, the scheme in any case, as every surface that takes a bearer does. */
public final class BearerTokens {

  private static final String PREFIX = "Bearer ";

  private BearerTokens() {}

  /** The trimmed token of a bearer header, or null when the header is absent or of another scheme. */
  public static String of(String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? authorization.substring(PREFIX.length()).trim() : null;
  }

  /** The token of the request's {@code Authorization} header, or null. */
  public static String of(RoutingContext rc) {
    return of(rc.request().getHeader("authorization"));
  }

  /**
   * The token, or fails the request and returns null: a missing header is {@code AUTH_HEADER_MISSING}, one that is no
   * bearer (or a bearer without a token) {@code AUTH_HEADER_INVALID}, as ZITADEL answers them.
   */
  public static String require(RoutingContext rc) {
    String header = rc.request().getHeader("authorization");
    if (header == null || header.isEmpty()) {
      rc.fail(DomainError.AUTH_HEADER_MISSING.exception());
      return null;
    }
    String token = of(header);
    if (token == null || header.length() == PREFIX.length()) {
      rc.fail(DomainError.AUTH_HEADER_INVALID.exception());
      return null;
    }
    return token;
  }
}
