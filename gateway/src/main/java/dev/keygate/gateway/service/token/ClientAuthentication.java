package dev.keygate.gateway.service.token;

import dev.keygate.gateway.domain.CredentialFailure;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.gateway.service.credential.FailedAttempts;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.ApiApp;
import dev.keygate.store.CredentialLookup;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Who calls the introspection and revocation endpoints: an API app by its secret (BASIC apps) or by a
 * {@code private_key_jwt} assertion signed with one of its keys (PRIVATE_KEY_JWT apps), or at revocation a machine
 * user by its secret. Every refusal is {@link #refused()}; failures after a known client id pass the tarpit.
 */
public final class ClientAuthentication {

  private final CredentialLookup credentials;
  private final MachineUserBySecret machines;
  private final SecretHasher hasher;
  private final VerificationCache cache;
  private final FailedAttempts tarpit;
  private final Clock clock;

  private final LastUses lastUses;

  public ClientAuthentication(CredentialLookup credentials, SecretHasher hasher, VerificationCache cache,
                              FailedAttempts tarpit, LastUses lastUses, Clock clock) {
    this.credentials = credentials;
    this.lastUses = lastUses;
    this.machines = new MachineUserBySecret(credentials, hasher, cache, lastUses, clock);
    this.hasher = hasher;
    this.cache = cache;
    this.tarpit = tarpit;
    this.clock = clock;
  }

  /** The failure of every client authentication, whatever went wrong: nothing tells a guesser which part. */
  public static CredentialFailure refused() {
    return new CredentialFailure(CredentialFailure.Reason.CLIENT_NOT_AUTHENTICATED, "client authentication failed");
  }

  /** A BASIC app by its client id and secret. */
  public Future<ApiApp> appBySecret(String clientId, String secret) {
    if (clientId == null || clientId.isEmpty() || secret == null) {
      return Future.failedFuture(refused());
    }
    return app(clientId).compose(app -> {
      if (!secretMatches(app, secret)) {
        return tarpit.fail(clientId, refused());
      }
      return Future.succeededFuture(app.get());
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  /** A PRIVATE_KEY_JWT app by an assertion signed with one of its live keys, naming {@code issuer} as audience. */
  public Future<ApiApp> appByAssertion(String assertion, String issuer) {
    ClientAssertions.Parsed parsed;
    try {
      parsed = ClientAssertions.parse(assertion);
    } catch (CredentialFailure e) {
      return Future.failedFuture(refused());
    }
    String clientId = parsed.issuer();
    if (clientId == null) {
      return Future.failedFuture(refused());
    }
    return cache.appKey(parsed.keyId(), () -> credentials.apiAppKey(parsed.keyId()))
        .compose(found -> app(clientId)
            .map(app -> app.filter(a -> found.isPresent() && a.id().equals(found.get().appId())
                && a.instanceId().equals(found.get().instanceId())
                && a.authMethod() == ApiApp.AuthMethod.PRIVATE_KEY_JWT
                && found.get().expiresAt().isAfter(clock.instant())))
            .compose(app -> {
              if (app.isEmpty()) {
                return tarpit.<ApiApp>fail(clientId, refused());
              }
              try {
                ClientAssertions.verify(parsed, found.get().publicKeyPem(), app.get().clientId(),
                    ClientAssertions.audiences(issuer), clock.instant());
              } catch (CredentialFailure e) {
                return tarpit.<ApiApp>fail(clientId, refused());
              }
              lastUses.used(found.get().instanceId(), found.get().id());
              return Future.succeededFuture(app.get());
            }))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  /**
   * At the revocation endpoint, where a BASIC app and a machine user may both present a client id and secret: the
   * instance of whichever the secret belongs to. A failure counts once against the client id, and only when the
   * secret is neither's, so a machine user revoking with its right secret never waits in the tarpit.
   */
  public Future<String> revokerBySecret(String clientId, String secret) {
    if (clientId == null || clientId.isEmpty() || secret == null) {
      return Future.failedFuture(refused());
    }
    return app(clientId).compose(app -> {
      if (secretMatches(app, secret)) {
        return Future.succeededFuture(app.get().instanceId());
      }
      return machineBySecret(clientId, secret);
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  /** A machine user by its login name and secret, at the revocation endpoint: its instance. */
  public Future<String> machineBySecret(String clientId, String secret) {
    if (clientId == null || secret == null) {
      return Future.failedFuture(refused());
    }
    return machines.find(clientId, secret)
        .compose(user -> user.isPresent() ? Future.succeededFuture(user.get().instanceId())
            : tarpit.<String>fail(clientId, refused()))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  private Future<Optional<ApiApp>> app(String clientId) {
    return cache.apiApp(clientId, () -> credentials.apiAppByClientId(clientId));
  }

  /**
   * Whether {@code secret} is the secret of this app, a BASIC one, or its previous secret while the overlap lasts;
   * a match is a use of that secret.
   */
  private boolean secretMatches(Optional<ApiApp> app, String secret) {
    if (app.isEmpty() || app.get().authMethod() != ApiApp.AuthMethod.BASIC || app.get().secretHash() == null) {
      return false;
    }
    String hash = hasher.hash(secret);
    if (SecretMatch.of(hash, app.get().secretHash(), app.get().previousSecret(), clock.millis())
        == SecretMatch.Which.NONE) {
      return false;
    }
    lastUses.used(app.get().instanceId(), hash);
    return true;
  }
}
