package dev.keygate.store;

/**
 * The answer to a lookup by a globally unique id, from one tenant's point of view: the object, or why there is none.
 * {@link State#OTHER_TENANT} carries no object: the caller learns only that the id is not theirs to reach.
 */
public record Lookup<T>(State state, T value) {

  public enum State { FOUND, REMOVED, OTHER_TENANT, NEVER_EXISTED }

  public static <T> Lookup<T> found(T value) {
    return new Lookup<>(State.FOUND, value);
  }

  public static <T> Lookup<T> of(State state) {
    return new Lookup<>(state, null);
  }

  public boolean isFound() {
    return state == State.FOUND;
  }
}
