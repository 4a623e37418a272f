package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.MachineKeys;
import dev.keygate.gateway.service.crypto.PasswordHasher;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Machine users, their client secret (one at a time) and personal access tokens. */
public final class UserService {

  /** The organization's sequence and time after a membership change. */
  public record MembershipChange(long orgSequence, Instant at) {}

  /** A user with the plain secret or token that only this one response may show. */
  public record UserWithCredential(User user, String credentialId, String credential) {}

  private static final Map<StoreException.Entity, DomainError> ERRORS = Map.of(
      StoreException.Entity.USER, DomainError.USER_NOT_FOUND,
      StoreException.Entity.USER_NAME, DomainError.USER_NAME_TAKEN,
      StoreException.Entity.SECRET, DomainError.MACHINE_SECRET_NOT_FOUND,
      StoreException.Entity.ORGANIZATION, DomainError.ORG_NOT_FOUND);

  private static final Map<StoreException.Entity, DomainError> CREDENTIAL_ERRORS = Map.of(
      StoreException.Entity.USER, DomainError.USER_NOT_FOUND,
      StoreException.Entity.PAT, DomainError.PAT_NOT_FOUND,
      StoreException.Entity.MACHINE_KEY, DomainError.KEY_NOT_FOUND);

  private final UserStore store;
  private final CredentialUsageStore uses;
  private final IdGenerator ids;
  private final SecretGenerator secrets;
  private final SecretHasher hasher;
  private final PasswordHasher passwords;
  private final Clock clock;
  private final Changes changes;

  private final MachineKeys keys;
  private final VerificationCache reads;

  public UserService(UserStore store, CredentialUsageStore uses, VerificationCache reads, IdGenerator ids,
                     SecretGenerator secrets, SecretHasher hasher, PasswordHasher passwords, MachineKeys keys,
                     Clock clock) {
    this.keys = keys;
    this.reads = reads;
    this.store = store;
    this.uses = uses;
    this.ids = ids;
    this.secrets = secrets;
    this.hasher = hasher;
    this.passwords = passwords;
    this.clock = clock;
    this.changes = new Changes(clock);
  }

  /** A human of the organization; its optional password is kept only as a bcrypt hash. */
  public Future<User> createHuman(Scope scope, String userName, String firstName, String lastName,
                                  String preferredLanguage, String email, boolean emailVerified, String password) {
    Future<String> passwordHash = password == null || password.isEmpty()
        ? Future.succeededFuture(null) : passwords.hash(password);
    return passwordHash.compose(hash -> {
      var change = changes.by(scope);
      User user = new User(scope.instanceId(), scope.orgId(), ids.next(), User.Kind.HUMAN, userName,
          firstName + " " + lastName, null, null, email, emailVerified, firstName, lastName, preferredLanguage, hash,
          null, Set.of(), change.at(), change.at(), 0);
      return store.createUser(user, change);
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /**
   * A machine user has no membership: it can authenticate, but reaches nothing until granted (ZITADEL's default).
   * Without a user name (v2 makes it optional) the user's id is its name, as in ZITADEL.
   */
  public Future<User> createMachine(Scope scope, String userName, String name, String description, String tokenType) {
    var change = changes.by(scope);
    String id = ids.next();
    User user = new User(scope.instanceId(), scope.orgId(), id, User.Kind.MACHINE,
        userName == null || userName.isEmpty() ? id : userName, name, description,
        tokenType, null, false, null, null, null, null, null, Set.of(), change.at(), change.at(), 0);
    return store.createUser(user, change).recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /** A user of another organization is as unknown as one that does not exist. */
  public Future<User> get(Scope scope, String userId) {
    return reads.user(scope.instanceId(), userId, () -> store.user(scope.instanceId(), userId)).compose(found -> found
        .filter(user -> user.orgId().equals(scope.orgId()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(DomainError.USER_NOT_FOUND.exception())));
  }

  /** One page of the organization's users. */
  public Future<Page<User>> list(Scope scope, PageRequest page) {
    return list(scope, null, List.of(), page);
  }

  /**
   * One page of the organization's users of that {@code kind} (null: either) whose user name matches every one of
   * {@code userNames}.
   */
  public Future<Page<User>> list(Scope scope, User.Kind kind, List<TextMatch> userNames, PageRequest page) {
    return store.users(scope.instanceId(), scope.orgId(), kind, userNames, page)
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /** One page of a machine user's tokens: their ids and times (last use included), never a token. */
  public Future<Page<LastUsed<PersonalAccessToken>>> personalAccessTokens(Scope scope, String userId,
                                                                          PageRequest page) {
    return get(scope, userId).compose(user -> store.personalAccessTokens(scope.instanceId(), userId, page))
        .compose(found -> LastUsed.of(uses, scope.instanceId(), found, PersonalAccessToken::id))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /** Removes a token: it stops authenticating at once, in every process. */
  public Future<User> removePersonalAccessToken(Scope scope, String userId, String tokenId) {
    return store.removePersonalAccessToken(scope.instanceId(), scope.orgId(), userId, tokenId, changes.by(scope))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, CREDENTIAL_ERRORS)));
  }

  /** One page of a machine user's keys: their ids and times (last use included), never a key. */
  public Future<Page<LastUsed<MachineKey>>> machineKeys(Scope scope, String userId, PageRequest page) {
    return get(scope, userId).compose(user -> store.machineKeys(scope.instanceId(), userId, page))
        .compose(found -> LastUsed.of(uses, scope.instanceId(), found, MachineKey::id))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /** Removes a key: a JWT it signs is refused from now on, in every process. */
  public Future<User> removeMachineKey(Scope scope, String userId, String keyId) {
    return store.removeMachineKey(scope.instanceId(), scope.orgId(), userId, keyId, changes.by(scope))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, CREDENTIAL_ERRORS)));
  }

  public Future<User> remove(Scope scope, String userId) {
    return store.removeUser(scope.instanceId(), scope.orgId(), userId, changes.by(scope))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /**
   * Makes a user of the organization a member with the given roles. A user who already is one gets ALREADY_EXISTS,
   * as in ZITADEL.
   */
  public Future<MembershipChange> addOrgMember(Scope scope, String userId, Set<User.Role> roles) {
    return get(scope, userId).compose(user -> {
      if (!user.roles().isEmpty()) {
        return Future.failedFuture(DomainError.MEMBER_ALREADY_EXISTS.exception());
      }
      var change = changes.by(scope);
      return store.setOrgMember(scope.instanceId(), scope.orgId(), userId, roles, change)
          .map(sequence -> new MembershipChange(sequence, change.at()));
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /** A new client secret; it replaces the previous one, which stops working at once. Humans have none. */
  public Future<UserWithCredential> generateSecret(Scope scope, String userId) {
    return generateSecret(scope, userId, null);
  }

  /**
   * A new client secret. With {@code previousValidFor} (at most {@link SecretRotation#LONGEST_OVERLAP}) the current
   * secret keeps working that long beside it, and any older previous secret stops; without it, or zero, the current
   * one stops at once.
   */
  public Future<UserWithCredential> generateSecret(Scope scope, String userId, Duration previousValidFor) {
    var change = changes.by(scope);
    Instant previousExpiresAt;
    try {
      previousExpiresAt = SecretRotation.previousExpiry(previousValidFor, change.at());
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    String secret = secrets.secret();
    return store.setMachineSecret(scope.instanceId(), scope.orgId(), userId, hasher.hash(secret), previousExpiresAt,
            change)
        .map(user -> new UserWithCredential(user, user.userName(), secret))
        .recover(f -> Future.failedFuture(machineError(f)));
  }

  /** Ends a rotation's overlap now: the previous secret stops working. */
  public Future<User> endSecretOverlap(Scope scope, String userId) {
    return store.endMachineSecretOverlap(scope.instanceId(), scope.orgId(), userId, changes.by(scope))
        .recover(f -> Future.failedFuture(previousSecretError(f)));
  }

  /** The times of a machine user's secrets (created, expiring, last used); never the secrets. */
  public Future<SecretRotation.Secrets> secrets(Scope scope, String userId) {
    return get(scope, userId).compose(user -> {
      if (!user.isMachine()) {
        return Future.failedFuture(DomainError.USER_NOT_MACHINE.exception());
      }
      return SecretRotation.read(uses, user.instanceId(), user.secretHash(), user.secretIssuedAt(),
          user.previousSecret(), clock.instant(), user.sequence(), user.changedAt(), user.orgId());
    });
  }

  private static Throwable previousSecretError(Throwable failure) {
    if (failure instanceof StoreException store && store.is(StoreException.Kind.NOT_FOUND,
        StoreException.Entity.SECRET)) {
      return DomainError.PREVIOUS_SECRET_NOT_FOUND.exception();
    }
    return machineError(failure);
  }

  public Future<User> removeSecret(Scope scope, String userId) {
    return store.setMachineSecret(scope.instanceId(), scope.orgId(), userId, null, changes.by(scope))
        .recover(f -> Future.failedFuture(machineError(f)));
  }

  public Future<UserWithCredential> addPersonalAccessToken(Scope scope, String userId, Instant expiration) {
    return get(scope, userId).compose(user -> {
      if (!user.isMachine()) {
        return Future.failedFuture(DomainError.USER_NOT_MACHINE.exception());
      }
      var change = changes.by(scope);
      Instant expiresAt = Expirations.orNever(expiration, clock.instant());
      String token = secrets.token();
      PersonalAccessToken pat = new PersonalAccessToken(scope.instanceId(), userId, ids.next(), hasher.hash(token),
          expiresAt, change.at());
      return store.addPersonalAccessToken(pat, change).map(updated -> new UserWithCredential(updated, pat.id(), token));
    }).recover(f -> Future.failedFuture(machineError(f)));
  }

  /** A new RSA key for the JWT profile grant; the key file with its private half is returned only here. */
  public Future<MachineKeys.IssuedKey> addMachineKey(Scope scope, String userId, Instant expiration) {
    return get(scope, userId).compose(user -> {
      if (!user.isMachine()) {
        return Future.failedFuture(DomainError.USER_NOT_MACHINE.exception());
      }
      var change = changes.by(scope);
      Instant expiresAt = Expirations.orNever(expiration, clock.instant());
      String keyId = ids.next();
      return keys.generate().compose(key -> store.addMachineKey(new MachineKey(scope.instanceId(),
              userId, keyId, "KEY_TYPE_JSON", key.publicKeyPem(), expiresAt, change.at()), change)
          .map(updated -> new MachineKeys.IssuedKey(keyId,
              MachineKeys.serviceAccountKeyFile(keyId, userId, key, expiresAt), updated.sequence(),
              updated.changedAt(), updated.orgId())));
    }).recover(f -> Future.failedFuture(machineError(f)));
  }

  private static Throwable machineError(Throwable failure) {
    if (failure instanceof StoreException store && store.is(StoreException.Kind.PRECONDITION_FAILED,
        StoreException.Entity.USER)) {
      return DomainError.USER_NOT_MACHINE.exception();
    }
    if (failure instanceof DomainException) {
      return failure;
    }
    return StoreFailures.translate(failure, ERRORS);
  }
}
