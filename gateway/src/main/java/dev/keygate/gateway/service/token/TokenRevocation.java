package dev.keygate.gateway.service.token;

import dev.keygate.gateway.domain.CredentialFailure;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.store.RevocationStore;
import dev.keygate.store.RevokedToken;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;

/** Revocation of access tokens (RFC 7009): a revoked token fails at once, in every process sharing the store. */
public final class TokenRevocation {

  private final RevocationStore revocations;
  private final AccessTokenFormats formats;

  public TokenRevocation(RevocationStore revocations, AccessTokenFormats formats) {
    this.revocations = revocations;
    this.formats = formats;
  }

  /** Revokes one of our tokens if it belongs to the caller's instance; anything else is silently accepted. */
  public Future<Void> revoke(String callerInstanceId, String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(new CredentialFailure(CredentialFailure.Reason.MISSING_PARAMETER,
          "token is required"));
    }
    return formats.read(token).compose(claims -> {
      if (claims == null || !callerInstanceId.equals(claims.getValue(SigningKeys.INSTANCE_CLAIM))) {
        return Future.<Void>succeededFuture();
      }
      return revocations.revokeToken(new RevokedToken(callerInstanceId, claims.getString("jti"),
          Instant.ofEpochSecond(claims.getLong("exp"))));
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }
}
