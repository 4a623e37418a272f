package dev.keygate.gateway.service.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The role mapping against the contracts: what ListMyZitadelPermissions tells an instance owner covers every
 * permission a tenant operation names, and the read-only role grants reads only.
 */
class PermissionsTest {

  /** The contracts whose operations tenants call with a PAT or access token (the system API takes none). */
  private static final List<String> TENANT_CONTRACTS = List.of("zitadel-management", "zitadel-v2", "zitadel-admin");

  @SuppressWarnings("unchecked")
  private static Set<String> permissionsNamedBy(String contract) {
    try (InputStream in = PermissionsTest.class.getClassLoader().getResourceAsStream("openapi/" + contract
        + ".yaml")) {
      Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Set<String> named = new TreeSet<>();
      ((Map<String, Map<String, Object>>) document.get("paths")).values().forEach(path -> path.values().forEach(
          operation -> {
            Object permission = ((Map<String, Object>) operation).get("x-keygate-permission");
            // v2's instance methods take the system token, whose permissions no membership grants
            if (permission != null && !permission.toString().startsWith("system.")) {
              named.add(permission.toString());
            }
          }));
      return named;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void anInstanceOwnerIsToldOfEveryPermissionATenantOperationNames() {
    List<String> owner = Permissions.granted(Set.of(User.Role.IAM_OWNER));

    for (String contract : TENANT_CONTRACTS) {
      Set<String> named = permissionsNamedBy(contract);
      assertThat(named).as(contract).isNotEmpty();
      assertThat(owner).as("IAM_OWNER's list against %s", contract).containsAll(named);
      named.forEach(permission -> assertThat(Permissions.allows(Set.of(User.Role.IAM_OWNER), permission, false))
          .as(permission).isTrue());
    }
    assertThat(owner).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theViewerReadsAndChangesNothing() {
    Set<User.Role> viewer = Set.of(User.Role.ORG_OWNER_VIEWER);

    assertThat(Permissions.granted(viewer)).containsExactly("org.read", "project.app.read", "project.read",
        "user.read");
    for (String contract : TENANT_CONTRACTS) {
      for (String permission : permissionsNamedBy(contract)) {
        boolean read = permission.endsWith(".read") && !permission.equals("iam.read")
            && !permission.equals("events.read");
        assertThat(Permissions.allows(viewer, permission, true)).as(permission).isEqualTo(read);
        assertThat(Permissions.allows(viewer, permission, false)).as("%s in another organization", permission)
            .isFalse();
      }
    }
  }

  @Test
  void theAuditTrailIsAnInstanceOwnersOnly() {
    for (User.Role role : User.Role.values()) {
      assertThat(Permissions.allows(Set.of(role), "events.read", true)).as(role.name())
          .isEqualTo(role == User.Role.IAM_OWNER);
    }
    assertThat(Permissions.granted(Set.of())).isEmpty();
  }
}
