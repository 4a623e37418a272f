package dev.keygate.store;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of every event a store records and of the aggregates they belong to: written by each store, read by
 * whoever audits the log. The strings are ZITADEL-like and stored as they are, so they never change once released.
 */
public final class EventTypes {

  private EventTypes() {}

  /** Aggregate types: each aggregate has its own gap-free sequence. */
  public static final class Aggregate {
    private Aggregate() {}

    public static final String INSTANCE = "instance";
    public static final String ORG = "org";
    public static final String USER = "user";
    public static final String PROJECT = "project";
    public static final String ECOSYSTEM = "ecosystem";
    public static final String CLIENT = "client";
    public static final String COMMERCE_APPLICATION = "commerce.application";

    /** Every aggregate type, sorted. */
    public static List<String> all() {
      return ALL_AGGREGATES;
    }
  }

  public static final String INSTANCE_ADDED = "instance.added";
  public static final String INSTANCE_MEMBER_ADDED = "instance.member.added";
  public static final String INSTANCE_REMOVED = "instance.removed";

  public static final String ORG_ADDED = "org.added";
  public static final String ORG_MEMBER_ADDED = "org.member.added";

  public static final String USER_HUMAN_ADDED = "user.human.added";
  public static final String USER_MACHINE_ADDED = "user.machine.added";
  public static final String USER_REMOVED = "user.removed";
  public static final String USER_MACHINE_SECRET_SET = "user.machine.secret.set";
  public static final String USER_MACHINE_SECRET_REMOVED = "user.machine.secret.removed";
  /** A new secret set while the one it replaced stays valid for a while (a rotation with overlap). */
  public static final String USER_MACHINE_SECRET_ROTATED = "user.machine.secret.rotated";
  /** A rotation's overlap ended early: the previous secret stopped working. */
  public static final String USER_MACHINE_SECRET_PREVIOUS_REMOVED = "user.machine.secret.previous.removed";
  public static final String USER_PAT_ADDED = "user.pat.added";
  public static final String USER_PAT_REMOVED = "user.pat.removed";
  public static final String USER_MACHINE_KEY_ADDED = "user.machine.key.added";
  public static final String USER_MACHINE_KEY_REMOVED = "user.machine.key.removed";

  public static final String PROJECT_ADDED = "project.added";
  public static final String PROJECT_REMOVED = "project.removed";
  public static final String APP_ADDED = "project.application.added";
  public static final String APP_REMOVED = "project.application.removed";
  public static final String APP_SECRET_CHANGED = "project.application.config.api.secret.changed";
  /** A new secret set while the one it replaced stays valid for a while (a rotation with overlap). */
  public static final String APP_SECRET_ROTATED = "project.application.config.api.secret.rotated";
  /** A rotation's overlap ended early: the previous secret stopped working. */
  public static final String APP_PREVIOUS_SECRET_REMOVED = "project.application.config.api.secret.previous.removed";
  public static final String APP_KEY_ADDED = "project.application.key.added";
  public static final String APP_KEY_REMOVED = "project.application.key.removed";

  public static final String ECOSYSTEM_ADDED = "ecosystem.added";
  public static final String ECOSYSTEM_CHANGED = "ecosystem.changed";
  public static final String ECOSYSTEM_REMOVED = "ecosystem.removed";

  public static final String CLIENT_ADDED = "client.added";
  public static final String CLIENT_CHANGED = "client.changed";
  public static final String CLIENT_REMOVED = "client.removed";
  public static final String CLIENT_TOKEN_ADDED = "client.token.added";

  public static final String COMMERCE_APPLICATION_ADDED = "commerce.application.added";
  public static final String COMMERCE_APPLICATION_CHANGED = "commerce.application.changed";
  public static final String COMMERCE_APPLICATION_KEY_CHANGED = "commerce.application.key.changed";
  /** A new application key while the one it replaced keeps working for a while (a rotation with overlap). */
  public static final String COMMERCE_APPLICATION_KEY_ROTATED = "commerce.application.key.rotated";
  public static final String COMMERCE_APPLICATION_REMOVED = "commerce.application.removed";

  /**
   * Read from the constants, so that a new event type or aggregate type is listed (ZITADEL's ListEventTypes and
   * ListAggregateTypes) without a second list to keep in step. Initialised after every constant above.
   */
  private static final List<String> ALL_EVENTS = constants(EventTypes.class);
  private static final List<String> ALL_AGGREGATES = constants(Aggregate.class);

  /** Every event type, sorted. */
  public static List<String> all() {
    return ALL_EVENTS;
  }

  private static List<String> constants(Class<?> holder) {
    List<String> values = new ArrayList<>();
    for (Field field : holder.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class) {
        try {
          values.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values.stream().sorted().toList();
  }

  /** The user-added event for a user of this kind. */
  public static String userAdded(boolean machine) {
    return machine ? USER_MACHINE_ADDED : USER_HUMAN_ADDED;
  }
}
