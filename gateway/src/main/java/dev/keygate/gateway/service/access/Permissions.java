package dev.keygate.gateway.service.access;

import dev.keygate.store.User;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which membership grants which permission, after ZITADEL's default role mapping (cmd/defaults.yaml
 * InternalAuthZ.RolePermissionMappings, reduced to the permissions Keygate's operations name). IAM_OWNER holds every
 * permission in its instance; the organization roles hold theirs only in the member's own organization.
 */
final class Permissions {

  private static final Map<User.Role, Set<String>> ORG_ROLES = Map.of(
      User.Role.ORG_OWNER, Set.of("project.create", "project.read", "project.delete", "project.app.write",
          "project.app.read", "project.app.delete", "user.write", "user.read", "user.delete", "org.member.write",
          "org.read"),
      User.Role.ORG_USER_MANAGER, Set.of("user.write", "user.read", "user.delete"),
      User.Role.ORG_PROJECT_CREATOR, Set.of("project.create"),
      // ZITADEL's read-only organization manager: what ORG_OWNER may read, nothing it may change
      User.Role.ORG_OWNER_VIEWER, Set.of("org.read", "project.read", "project.app.read", "user.read"));

  /** What only an instance-wide membership grants: the instance itself, new organizations, the audit trail. */
  private static final Set<String> INSTANCE_ONLY = Set.of("iam.read", "org.create", "events.read");

  private Permissions() {}

  static boolean allows(Set<User.Role> roles, String permission, boolean ownOrg) {
    if (roles.contains(User.Role.IAM_OWNER)) {
      return true;
    }
    if (!ownOrg) {
      return false;
    }
    for (User.Role role : roles) {
      if (ORG_ROLES.getOrDefault(role, Set.of()).contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every permission these roles grant in the member's own organization, sorted, as ZITADEL's
   * ListMyZitadelPermissions lists them: for IAM_OWNER every permission Keygate's tenant operations name.
   */
  static List<String> granted(Set<User.Role> roles) {
    Set<String> granted = new TreeSet<>();
    if (roles.contains(User.Role.IAM_OWNER)) {
      granted.addAll(INSTANCE_ONLY);
      ORG_ROLES.values().forEach(granted::addAll);
    }
    roles.forEach(role -> granted.addAll(ORG_ROLES.getOrDefault(role, Set.of())));
    return List.copyOf(granted);
  }
}
