package dev.keygate.gateway.service.commerce;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.credential.FailedAttempts;
import dev.keygate.gateway.service.credential.Hosts;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.crypto.PasswordHasher;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.InstanceStore;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;

/**
 * The logins of the commerce admin API: an application key or a human admin's password opens a session
 * ({@link CommerceSessions}). Every refusal is LOGIN_FAILED, and a refused known key or user name passes the tarpit.
 */
public final class CommerceLogins {

  private final InstanceStore instances;
  private final UserStore users;
  private final Hosts hosts;
  private final CommerceApplicationKeys keys;
  private final CommerceSessions sessions;
  private final PasswordHasher passwords;
  private final FailedAttempts tarpit;
  private final LastUses lastUses;
  private final Clock clock;

  public CommerceLogins(InstanceStore instances, UserStore users, Hosts hosts, CommerceApplicationKeys keys,
                        CommerceSessions sessions, PasswordHasher passwords, FailedAttempts tarpit, LastUses lastUses,
                        Clock clock) {
    this.lastUses = lastUses;
    this.instances = instances;
    this.users = users;
    this.hosts = hosts;
    this.keys = keys;
    this.sessions = sessions;
    this.passwords = passwords;
    this.tarpit = tarpit;
    this.clock = clock;
  }

  /**
   * {@code grant_type=client_credentials} with the application key as bearer token. The key names its application,
   * so it logs in on any host that is not another instance's domain.
   */
  public Future<CommerceSessions.Login> loginWithKey(String key, String issuer, String requestHost) {
    if (key == null) {
      return Future.failedFuture(DomainError.LOGIN_FAILED.exception());
    }
    return keys.verify(key).transform(verified -> {
      if (verified.failed()) {
        return Future.failedFuture(DomainError.LOGIN_FAILED.exception());
      }
      String applicationId = verified.result().applicationId();
      String keyId = verified.result().keyId();
      return sessions.application(applicationId).compose(found -> {
        CommerceApplication application = found.filter(a -> a.acceptsKey(keyId, clock.instant())).orElse(null);
        if (application == null) {
          return tarpit.<CommerceSessions.Login>fail(applicationId, DomainError.LOGIN_FAILED.exception());
        }
        lastUses.used(application.instanceId(), keyId);
        return hosts.allows(application.instanceId(), requestHost).compose(allowed -> allowed
            ? Future.succeededFuture(sessions.open(new CommercePrincipal(application.instanceId(),
                application.orgId(), application.id(), CommercePrincipal.APPLICATION, null, application.name(), null,
                null), issuer))
            : Future.failedFuture(DomainError.LOGIN_FAILED.exception()));
      });
    }).recover(CommerceFailures::translate);
  }

  /** {@code grant_type=password}: a human user of the instance the request's host names, with admin rights. */
  public Future<CommerceSessions.Login> loginWithPassword(String host, String userName, String password,
                                                          String issuer) {
    if (host == null || userName == null || password == null) {
      return Future.failedFuture(DomainError.LOGIN_FAILED.exception());
    }
    return instances.instanceByDomain(host).compose(instance -> instance.isEmpty()
            ? Future.succeededFuture(Optional.<User>empty())
            : users.userByName(instance.get().id(), userName))
        .compose(user -> {
          String hash = user.filter(u -> !u.isMachine()).map(User::passwordHash).orElse(null);
          return passwords.verify(password, hash).compose(matches -> {
            if (!matches || !isAdmin(user.get())) {
              return tarpit.<CommerceSessions.Login>fail(host + "/" + userName, DomainError.LOGIN_FAILED.exception());
            }
            User u = user.get();
            return Future.succeededFuture(sessions.open(new CommercePrincipal(u.instanceId(), u.orgId(), u.id(),
                CommercePrincipal.USER, u.firstName(), u.lastName(), null, null), issuer));
          });
        })
        .recover(CommerceFailures::translate);
  }

  private static boolean isAdmin(User user) {
    return user.roles().contains(User.Role.IAM_OWNER) || user.roles().contains(User.Role.ORG_OWNER);
  }
}
