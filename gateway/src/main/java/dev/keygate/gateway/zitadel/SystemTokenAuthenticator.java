package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.BearerTokens;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The system API's bearer: the configured system token. Compared as SHA-256 digests in constant time, so neither the
 * content nor the length of the token leaks through timing.
 */
public final class SystemTokenAuthenticator implements Handler<RoutingContext> {

  private final byte[] expectedDigest;

  public SystemTokenAuthenticator(String systemToken) {
    this.expectedDigest = sha256(systemToken);
  }

  @Override
  public void handle(RoutingContext rc) {
    String token = BearerTokens.require(rc);
    if (token == null) {
      return;
    }
    if (MessageDigest.isEqual(sha256(token), expectedDigest)) {
      rc.next();
    } else {
      rc.fail(DomainError.TOKEN_INVALID.exception());
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
