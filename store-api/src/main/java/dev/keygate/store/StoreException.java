package dev.keygate.store;

/**
 * A typed store failure. {@code entity} names what was missing or clashing (see {@link Entity}), so services can map
 * it to their own domain errors without parsing messages. Stack traces are not filled: these are expected outcomes.
 */
public class StoreException extends RuntimeException {

  /**
   * {@code RESOURCE_EXHAUSTED}: the store holds as much as it may (the memory store's capacity) and refuses a write
   * that would add to it; reads and removals still work.
   */
  public enum Kind { NOT_FOUND, ALREADY_EXISTS, PRECONDITION_FAILED, UNAVAILABLE, RESOURCE_EXHAUSTED }

  public enum Entity { INSTANCE, INSTANCE_DOMAIN, ORGANIZATION, ORGANIZATION_NAME, USER, USER_NAME, PROJECT, API_APP,
      API_APP_NAME, PAT, MACHINE_KEY, SECRET, ECOSYSTEM, CLIENT, COMMERCE_APP, IDEMPOTENCY_KEY }

  private final Kind kind;
  private final Entity entity;

  public StoreException(Kind kind, Entity entity, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.entity = entity;
  }

  public Kind kind() {
    return kind;
  }

  public Entity entity() {
    return entity;
  }

  public static StoreException notFound(Entity entity) {
    return new StoreException(Kind.NOT_FOUND, entity, entity + " not found");
  }

  public static StoreException alreadyExists(Entity entity) {
    return new StoreException(Kind.ALREADY_EXISTS, entity, entity + " already exists");
  }

  public static StoreException precondition(Entity entity, String message) {
    return new StoreException(Kind.PRECONDITION_FAILED, entity, message);
  }

  /** The store is full: the write that would have added this entity (or grown it) was refused and changed nothing. */
  public static StoreException exhausted(Entity entity) {
    return new StoreException(Kind.RESOURCE_EXHAUSTED, entity, "the store is full: " + entity + " not stored");
  }

  public boolean is(Kind k, Entity e) {
    return kind == k && entity == e;
  }
}
