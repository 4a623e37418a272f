package dev.keygate.store;

import java.util.function.Consumer;

/**
 * Tells caches which credentials stopped being valid or changed, in this process and in every other process that
 * shares the store.
 */
public interface CredentialChangeFeed {

  /** Told when an instance was created or removed (domains changed hands). */
  String INSTANCES_CHANGED = "*instances";
  /** "Forget all you cached" (e.g. after missed notifications). */
  String EVERYTHING = "*";

  /**
   * Registers a listener told the id of every object whose credentials stopped being valid or changed: an instance
   * removed; a user removed, its secret, keys, PATs or memberships changed; a project removed; an app removed, its
   * secret or keys changed; a commerce application removed or its key replaced; an ecosystem or a Droplit client
   * changed or removed, or a token added to the client (their ids, so that caches of objects read by id stay
   * coherent too); a token revoked (its id); and
   * {@link #INSTANCES_CHANGED} or {@link #EVERYTHING}. The process that made the change is told before its call
   * completes; other processes sharing the store within about a second. Listeners run on store threads and must be
   * quick.
   */
  void onCredentialChange(Consumer<String> listener);
}
