package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.http.protojson.InstantText;
import dev.keygate.gateway.service.SecretRotation;
import dev.keygate.gateway.zitadel.ManagementRenderer;
import dev.keygate.gateway.zitadel.ZitadelSystemApi;
import dev.keygate.store.ApiApp;
import dev.keygate.store.Instance;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.Project;
import dev.keygate.store.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Function;

/**
 * The v2 resources as ZITADEL's Connect server writes them with protojson: lowerCamelCase, int64 as decimal strings,
 * timestamps in RFC 3339, zero values (false, enum value 0, empty strings and lists) omitted. Never a secret, a hash
 * or a private key: those leave only in the one answer that creates them.
 */
final class V2Renderer {

  private V2Renderer() {}

  static String time(Instant at) {
    return InstantText.of(at);
  }

  /** {@code zitadel.project.v2.Project}; v2beta's names its id {@code id}. */
  static JsonObject project(Project project, boolean beta) {
    JsonObject json = new JsonObject()
        .put(beta ? "id" : "projectId", project.id())
        .put("organizationId", project.orgId())
        .put("creationDate", time(project.createdAt()))
        .put("changeDate", time(project.changedAt()))
        .put("name", project.name())
        .put("state", "PROJECT_STATE_ACTIVE");
    putIfTrue(json, "projectRoleAssertion", project.projectRoleAssertion());
    putIfTrue(json, "authorizationRequired", project.projectRoleCheck());
    putIfTrue(json, "projectAccessRequired", project.hasProjectCheck());
    return json;
  }

  /** {@code zitadel.application.v2.Application} of an API app: never its secret, BASIC (0) omitted. */
  static JsonObject application(ApiApp app) {
    return new JsonObject()
        .put("applicationId", app.id())
        .put("creationDate", time(app.createdAt()))
        .put("changeDate", time(app.changedAt()))
        .put("state", "APPLICATION_STATE_ACTIVE")
        .put("name", app.name())
        .put("projectId", app.projectId())
        .put("apiConfiguration", apiConfig(app));
  }

  /** {@code zitadel.app.v2beta.Application}: the same app under v2beta's names. */
  static JsonObject betaApplication(ApiApp app) {
    return new JsonObject()
        .put("id", app.id())
        .put("creationDate", time(app.createdAt()))
        .put("changeDate", time(app.changedAt()))
        .put("state", "APP_STATE_ACTIVE")
        .put("name", app.name())
        .put("apiConfig", apiConfig(app));
  }

  private static JsonObject apiConfig(ApiApp app) {
    JsonObject config = new JsonObject().put("clientId", app.clientId());
    if (app.authMethod() == ApiApp.AuthMethod.PRIVATE_KEY_JWT) {
      config.put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT");
    }
    return config;
  }

  /** {@code zitadel.user.v2.User}: a machine or a human, never a secret or password hash. */
  static JsonObject user(User user) {
    JsonObject json = new JsonObject()
        .put("userId", user.id())
        .put("details", details(user.sequence(), user.createdAt(), user.changedAt(), user.orgId()))
        .put("state", "USER_STATE_ACTIVE")
        .put("username", user.userName())
        .put("loginNames", new JsonArray().add(user.userName()))
        .put("preferredLoginName", user.userName());
    if (user.isMachine()) {
      json.put("machine", ManagementRenderer.machine(user));
    } else {
      JsonObject profile = new JsonObject()
          .put("givenName", user.firstName())
          .put("familyName", user.lastName())
          .put("displayName", user.displayName());
      if (user.preferredLanguage() != null) {
        profile.put("preferredLanguage", user.preferredLanguage());
      }
      JsonObject email = new JsonObject().put("email", user.email());
      putIfTrue(email, "isVerified", user.emailVerified());
      json.put("human", new JsonObject().put("profile", profile).put("email", email));
    }
    return json;
  }

  /**
   * Keygate's read of a client's secrets: when the current one was set and last used, and the previous one of a
   * rotation with the instant it stops; never a secret.
   */
  static JsonObject secrets(SecretRotation.Secrets secrets) {
    JsonObject json = new JsonObject();
    if (secrets.current() != null) {
      json.put("secret", times(secrets.current()));
    }
    if (secrets.previous() != null) {
      json.put("previousSecret", times(secrets.previous()));
    }
    return json;
  }

  private static JsonObject times(SecretRotation.SecretTimes times) {
    JsonObject json = new JsonObject().put("creationDate", time(times.createdAt()));
    if (times.expiresAt() != null) {
      json.put("expirationDate", time(times.expiresAt()));
    }
    return withLastUse(json, times.lastUsedAt());
  }

  /**
   * Keygate's {@code lastUsedDate} on a secret's times or a listed PAT or key: when it last authenticated, to the
   * minute; omitted when it never did, as protojson omits an unset Timestamp.
   */
  static JsonObject withLastUse(JsonObject json, Instant lastUsedAt) {
    if (lastUsedAt != null) {
      json.put("lastUsedDate", time(lastUsedAt));
    }
    return json;
  }

  /** CreateUser's answer: the new user's id and when it was created. */
  static JsonObject createdUser(User user) {
    return new JsonObject().put("id", user.id()).put("creationDate", time(user.createdAt()));
  }

  /**
   * {@code zitadel.org.v2.Organization}. Its details are its own aggregate's, as AddOrganization answers them: an
   * organization is its own resource owner in ZITADEL, and a new member (v1's AddOrgMember) moves its sequence and
   * change date.
   */
  static JsonObject organization(Organization org) {
    return new JsonObject()
        .put("id", org.id())
        .put("details", details(org.sequence(), org.createdAt(), org.changedAt(), org.id()))
        .put("state", "ORGANIZATION_STATE_ACTIVE")
        .put("name", org.name());
  }

  /** {@code zitadel.instance.v2.Instance}, with its domains as {@code customDomains}. */
  static JsonObject instance(Instance instance) {
    JsonArray domains = new JsonArray();
    for (Instance.Domain domain : instance.domains()) {
      JsonObject json = new JsonObject().put("instanceId", instance.id())
          .put("creationDate", time(instance.createdAt())).put("domain", domain.name());
      putIfTrue(json, "primary", domain.primary());
      putIfTrue(json, "generated", domain.generated());
      domains.add(json);
    }
    JsonObject json = new JsonObject()
        .put("id", instance.id())
        .put("changeDate", time(instance.changedAt()))
        .put("creationDate", time(instance.createdAt()))
        .put("state", "STATE_RUNNING")
        .put("name", instance.name())
        .put("version", ZitadelSystemApi.VERSION); // what v1's system API reports for the same instance
    if (!domains.isEmpty()) {
      json.put("customDomains", domains);
    }
    return json;
  }

  /** {@code zitadel.object.v2.Details}: the aggregate's sequence, its dates and its owner. */
  static JsonObject details(long sequence, Instant created, Instant changed, String resourceOwner) {
    JsonObject details = new JsonObject().put("sequence", Long.toString(sequence));
    if (changed != null) {
      details.put("changeDate", time(changed));
    }
    details.put("resourceOwner", resourceOwner);
    if (created != null) {
      details.put("creationDate", time(created));
    }
    return details;
  }

  /**
   * A page of a list: {@code pagination {totalResult, appliedLimit}} and the items under {@code field}, omitted when
   * there are none (protojson omits empty repeated fields).
   */
  static <T> JsonObject list(Page<T> page, int appliedLimit, String field, Function<T, JsonObject> render) {
    JsonObject json = new JsonObject().put("pagination", new JsonObject()
        .put("totalResult", Long.toString(page.total())).put("appliedLimit", Long.toString(appliedLimit)));
    if (!page.items().isEmpty()) {
      JsonArray items = new JsonArray();
      page.items().forEach(item -> items.add(render.apply(item)));
      json.put(field, items);
    }
    return json;
  }

  /**
   * A page of the older v2 lists (users, organizations): {@code details {totalResult, timestamp}} and the items under
   * {@code field}, omitted when there are none.
   */
  static <T> JsonObject listWithDetails(Page<T> page, Instant timestamp, String field, Function<T, JsonObject> render) {
    JsonObject json = new JsonObject().put("details", new JsonObject()
        .put("totalResult", Long.toString(page.total())).put("timestamp", time(timestamp)));
    if (!page.items().isEmpty()) {
      JsonArray items = new JsonArray();
      page.items().forEach(item -> items.add(render.apply(item)));
      json.put(field, items);
    }
    return json;
  }

  private static void putIfTrue(JsonObject json, String key, boolean value) {
    if (value) {
      json.put(key, true);
    }
  }
}
