package dev.keygate.gateway.service;

import dev.keygate.store.User;
import java.util.Set;

/**
 * Which membership grants which permission, after ZITADEL's default role mapping: IAM_OWNER holds every permission in
 * its instance, ORG_OWNER every organization-level permission in its own organization.
 */
final class Permissions {

  private static final Set<String> ORG_OWNER = Set.of(
      "project.create", "project.read", "project.delete", "project.app.write", "project.app.read",
      "project.app.delete", "user.write", "user.read", "user.delete");

  private Permissions() {}

  static boolean allows(Set<User.Role> roles, String permission, boolean ownOrg) {
    if (roles.contains(User.Role.IAM_OWNER)) {
      return true;
    }
    return ownOrg && roles.contains(User.Role.ORG_OWNER) && ORG_OWNER.contains(permission);
  }
}
