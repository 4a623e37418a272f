package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.BearerTokens;
import dev.keygate.gateway.http.Issuer;
import dev.keygate.gateway.service.token.SystemUserTokens;
import dev.keygate.gateway.tls.ClientCertificates;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The system API's bearer, on every surface that takes it (v1 REST and gRPC, v2's InstanceService): the configured
 * static system token, or a JWT of a configured system user, as ZITADEL authenticates its system API. The static
 * token is compared as SHA-256 digests in constant time, so neither the content nor the length of the token leaks
 * through timing; a JWT is checked for the issuer URL of the request's host, the audience ZITADEL's system users
 * sign for. Anything else gets the answer of a wrong token, whichever check failed, so a caller learns nothing about
 * which users exist.
 *
 * <p>With {@code KEYGATE_SYSTEM_CLIENT_CA} the bearer alone is not enough: the TLS connection must also carry a
 * client certificate of those authorities ({@link ClientCertificates}). Defence in depth: a leaked token or a
 * system user's leaked key opens nothing from a machine without the certificate's key, and a stolen certificate
 * nothing without a bearer. A missing or foreign certificate is answered like a wrong token, so the answer does not
 * tell which of the two was missing.
 */
public final class SystemTokenAuthenticator implements Handler<RoutingContext> {

  private final byte[] expectedDigest;
  private final SystemUserTokens systemUsers;
  /** The authorities a caller's client certificate must chain to, or {@code null}: the bearer alone suffices. */
  private final ClientCertificates clientCertificates;

  public SystemTokenAuthenticator(String systemToken, SystemUserTokens systemUsers) {
    this(systemToken, systemUsers, null);
  }

  public SystemTokenAuthenticator(String systemToken, SystemUserTokens systemUsers,
                                  ClientCertificates clientCertificates) {
    this.expectedDigest = sha256(systemToken);
    this.systemUsers = systemUsers;
    this.clientCertificates = clientCertificates;
  }

  @Override
  public void handle(RoutingContext rc) {
    String token = BearerTokens.require(rc);
    if (token == null) {
      return;
    }
    // the certificate first: it is cheap (once per TLS session), and without it the bearer is not even looked at
    boolean certified = clientCertificates == null || clientCertificates.verified(rc.request().sslSession());
    if (certified && (MessageDigest.isEqual(sha256(token), expectedDigest)
        || systemUsers.verify(token, Issuer.of(rc.request())))) {
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
