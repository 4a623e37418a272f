package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Human and machine users of an instance, with what they authenticate with: secrets, PATs, keys, memberships. */
public interface UserStore {

  /** Fails ALREADY_EXISTS/USER_NAME when the user name is taken in the instance. */
  Future<User> createUser(User user, Change change);

  Future<Optional<User>> user(String instanceId, String userId);

  /** The user of that instance with this user name (user names are unique per instance). */
  Future<Optional<User>> userByName(String instanceId, String userName);

  /** The organization's users, ordered by id; an empty page for an organization the instance does not have. */
  default Future<Page<User>> users(String instanceId, String orgId, PageRequest page) {
    return users(instanceId, orgId, null, List.of(), page);
  }

  /**
   * As {@link #users(String, String, PageRequest)}, only the users of that {@code kind} (null: either) whose user name
   * matches every one of {@code userNames}; the total counts those alone.
   */
  Future<Page<User>> users(String instanceId, String orgId, User.Kind kind, List<TextMatch> userNames,
                           PageRequest page);

  /** Removes the user with its PATs, keys and secret. Fails NOT_FOUND/USER. */
  Future<User> removeUser(String instanceId, String orgId, String userId, Change change);

  /**
   * Sets (or with {@code null} removes) a machine user's secret hash; the previous secret stops working at once.
   * Fails NOT_FOUND/USER, or PRECONDITION_FAILED/USER when the user is not a machine.
   */
  default Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash,
                                        Change change) {
    return setMachineSecret(instanceId, orgId, userId, secretHash, null, change);
  }

  /**
   * As {@link #setMachineSecret(String, String, String, String, Change)}, but with {@code previousExpiresAt} set (and
   * a secret to set) the current secret becomes the user's {@link PreviousSecret}, valid until then, replacing any
   * earlier previous secret; recorded as {@link EventTypes#USER_MACHINE_SECRET_ROTATED}. With it null, or when the
   * user has no secret yet, any previous secret stops working at once too.
   */
  Future<User> setMachineSecret(String instanceId, String orgId, String userId, String secretHash,
                                Instant previousExpiresAt, Change change);

  /**
   * Ends a rotation's overlap early: the previous secret stops working at once
   * ({@link EventTypes#USER_MACHINE_SECRET_PREVIOUS_REMOVED}). Fails NOT_FOUND/USER, PRECONDITION_FAILED/USER for a
   * human, NOT_FOUND/SECRET when there is no previous secret valid at {@code change.at()}.
   */
  Future<User> endMachineSecretOverlap(String instanceId, String orgId, String userId, Change change);

  /** Fails NOT_FOUND/USER, or PRECONDITION_FAILED/USER when the user is not a machine. Returns the user's new state. */
  Future<User> addPersonalAccessToken(PersonalAccessToken pat, Change change);

  /** The user's PATs (of a user of any org of the instance), ordered by id. Fails NOT_FOUND/USER. */
  Future<Page<PersonalAccessToken>> personalAccessTokens(String instanceId, String userId, PageRequest page);

  /**
   * Removes one of the user's PATs; it stops authenticating at once ({@link EventTypes#USER_PAT_REMOVED}). Returns
   * the user's new state. Fails NOT_FOUND/USER, or NOT_FOUND/PAT when the user has no PAT with this id.
   */
  Future<User> removePersonalAccessToken(String instanceId, String orgId, String userId, String tokenId,
                                         Change change);

  /** Adds a public key to a machine user. Fails NOT_FOUND/USER, or PRECONDITION_FAILED/USER for a human. */
  Future<User> addMachineKey(MachineKey key, Change change);

  /** The user's public keys (of a user of any org of the instance), ordered by id. Fails NOT_FOUND/USER. */
  Future<Page<MachineKey>> machineKeys(String instanceId, String userId, PageRequest page);

  /**
   * Removes one of the user's public keys; it stops authenticating at once
   * ({@link EventTypes#USER_MACHINE_KEY_REMOVED}). Returns the user's new state. Fails NOT_FOUND/USER, or
   * NOT_FOUND/MACHINE_KEY when the user has no key with this id.
   */
  Future<User> removeMachineKey(String instanceId, String orgId, String userId, String keyId, Change change);

  /**
   * Makes the user a member of its organization with these roles (replacing earlier ones); an event on the
   * organization's aggregate records it. Returns the organization's new sequence. Fails NOT_FOUND/USER when the user
   * is not in that organization.
   */
  Future<Long> setOrgMember(String instanceId, String orgId, String userId, Set<User.Role> roles, Change change);
}
