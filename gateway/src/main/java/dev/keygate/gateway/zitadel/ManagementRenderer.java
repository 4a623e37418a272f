package dev.keygate.gateway.zitadel;

import dev.keygate.store.ApiApp;
import dev.keygate.store.Page;
import dev.keygate.store.Project;
import dev.keygate.store.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Function;

/**
 * The management API's resources as ZITADEL's protojson writes them (camelCase, empty fields and enum value 0
 * omitted). Never a secret, a hash or a private key: those leave only in the one response that creates them.
 */
public final class ManagementRenderer {

  private final Clock clock;

  ManagementRenderer(Clock clock) {
    this.clock = clock;
  }

  JsonObject project(Project project) {
    JsonObject json = new JsonObject()
        .put("id", project.id())
        .put("details", ZitadelResponses.details(project.sequence(), project.createdAt(), project.changedAt(),
            project.orgId()))
        .put("name", project.name())
        .put("state", "PROJECT_STATE_ACTIVE");
    putIfTrue(json, "projectRoleAssertion", project.projectRoleAssertion());
    putIfTrue(json, "projectRoleCheck", project.projectRoleCheck());
    putIfTrue(json, "hasProjectCheck", project.hasProjectCheck());
    return json;
  }

  /** Never the secret nor its hash; BASIC is enum value 0, which protojson omits. */
  JsonObject app(ApiApp app) {
    JsonObject apiConfig = new JsonObject().put("clientId", app.clientId());
    if (app.authMethod() == ApiApp.AuthMethod.PRIVATE_KEY_JWT) {
      apiConfig.put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    }
    return new JsonObject()
        .put("id", app.id())
        .put("details", ZitadelResponses.details(app.sequence(), app.createdAt(), app.changedAt(), app.orgId()))
        .put("state", "APP_STATE_ACTIVE")
        .put("name", app.name())
        .put("apiConfig", apiConfig);
  }

  /**
   * A machine user's part, {@code zitadel.user.v1.Machine} and v2's {@code MachineUser} alike (the same fields):
   * {@code hasSecret} only says whether one is set.
   */
  public static JsonObject machine(User user) {
    JsonObject machine = new JsonObject().put("name", user.displayName());
    if (user.description() != null && !user.description().isEmpty()) {
      machine.put("description", user.description());
    }
    putIfTrue(machine, "hasSecret", user.hasSecret());
    if ("ACCESS_TOKEN_TYPE_JWT".equals(user.accessTokenType())) {
      machine.put("accessTokenType", "ACCESS_TOKEN_TYPE_JWT");
    }
    return machine;
  }

  /** Never a password hash or secret hash; {@code hasSecret} only says whether one is set. */
  JsonObject user(User user) {
    JsonObject json = new JsonObject()
        .put("id", user.id())
        .put("details", ZitadelResponses.details(user.sequence(), user.createdAt(), user.changedAt(), user.orgId()))
        .put("state", "USER_STATE_ACTIVE")
        .put("userName", user.userName())
        .put("loginNames", new JsonArray().add(user.userName()))
        .put("preferredLoginName", user.userName());
    if (user.isMachine()) {
      json.put("machine", ManagementRenderer.machine(user));
    } else {
      JsonObject profile = new JsonObject()
          .put("firstName", user.firstName())
          .put("lastName", user.lastName())
          .put("displayName", user.displayName());
      if (user.preferredLanguage() != null) {
        profile.put("preferredLanguage", user.preferredLanguage());
      }
      JsonObject email = new JsonObject().put("email", user.email());
      putIfTrue(email, "isEmailVerified", user.emailVerified());
      json.put("human", new JsonObject().put("profile", profile).put("email", email));
    }
    return json;
  }

  <T> JsonObject list(Page<T> page, Function<T, JsonObject> render) {
    return ZitadelResponses.list(page, clock.instant(), render);
  }

  /** A key file as the response carries it: standard base64 of its JSON. */
  static String base64(byte[] keyFile) {
    return Base64.getEncoder().encodeToString(keyFile);
  }

  private static void putIfTrue(JsonObject json, String key, boolean value) {
    if (value) {
      json.put(key, true);
    }
  }
}
