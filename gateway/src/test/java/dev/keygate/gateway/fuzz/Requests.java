package dev.keygate.gateway.fuzz;

import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The valid request of an operation, from its contract and the {@link World}: path parameters are real ids of the
 * kind the path names (a fresh victim where the operation changes or deletes it), declared query and header
 * parameters from their schemas, the surface's credential, and a body generated from the request schema with real
 * values where a field names an object. The OAuth endpoints and Oracle's login get their grants and client
 * authentications right (a signed assertion, HTTP Basic, a key).
 */
final class Requests {

  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** Operations that change or delete the object their path names besides PUT and DELETE. */
  private static final Set<String> CHANGES_PATH_OBJECT = Set.of("RegenerateAPIClientSecret", "appIdOperation");

  private final World w;
  /** The last victim of each kind: sometimes reused, so that a request meets an object a previous one deleted. */
  private final Map<String, String> lastVictim = new HashMap<>();

  Requests(World world) {
    this.w = world;
  }

  World world() {
    return w;
  }

  /** The kind of object a path parameter names, from the path segment before it. */
  static String kindOf(ContractModel.Operation op, String param) {
    String[] segments = op.path().split("/");
    for (int i = 1; i < segments.length; i++) {
      if (segments[i].equals("{" + param + "}")) {
        return switch (segments[i - 1]) {
          case "instances" -> "instance";
          case "projects" -> "project";
          case "apps" -> "app";
          case "users" -> "user";
          case "ecosystems" -> "ecosystem";
          case "clients" -> "client";
          case "applicationIds" -> "commerceApp";
          default -> throw new IllegalStateException("no object kind for {" + param + "} in " + op.path()
              + ": teach Requests.kindOf");
        };
      }
    }
    throw new IllegalStateException(param + " not in " + op.path());
  }

  static boolean changesPathObject(ContractModel.Operation op) {
    return op.method().equals("DELETE") || op.method().equals("PUT") || CHANGES_PATH_OBJECT.contains(op.id());
  }

  /** The path parameter naming the object the operation changes (the last one; its parents stay), or null. */
  static String changedParam(ContractModel.Operation op) {
    List<ContractModel.Param> params = op.params("path");
    if (!changesPathObject(op) || params.isEmpty()) {
      return null;
    }
    String last = null;
    Matcher m = Pattern.compile("\\{([^}]+)}").matcher(op.path());
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  /**
   * Tenant B's object of the same kind: another tenant's real id. The system API reaches every instance, so where it
   * deletes one, the "foreign" instance is a fresh victim of its own.
   */
  String foreign(ContractModel.Operation op, String kind) {
    if (op.surface().equals("zitadel-system") && changesPathObject(op)) {
      return w.victimInstance();
    }
    return foreign(kind);
  }

  String foreign(String kind) {
    return switch (kind) {
      case "instance" -> w.b.t().instanceId();
      case "project" -> w.b.project();
      case "app" -> w.b.app().getString("appId");
      case "user" -> w.b.machine().getString("userId");
      case "ecosystem" -> w.b.ecosystem();
      case "client" -> w.b.client();
      case "commerceApp" -> w.shopB.appId();
      default -> throw new IllegalStateException(kind);
    };
  }

  String deleted(String kind) {
    return w.deleted.get(kind);
  }

  private String victim(ContractModel.Operation op, String kind, Values v, String commerceType) {
    String key = op.id() + ":" + kind + ":" + commerceType;
    String last = lastVictim.get(key);
    if (last != null && v.random().nextInt(5) == 0) {
      return last;
    }
    String fresh = switch (kind) {
      case "instance" -> w.victimInstance();
      case "project" -> w.victimProject();
      case "app" -> w.victimApp();
      case "user" -> op.id().equals("RemoveMachineSecret") ? w.victimUserWithSecret() : w.victimUser();
      case "ecosystem" -> w.victimEcosystem();
      case "client" -> w.victimClient();
      case "commerceApp" -> "extension".equals(commerceType) ? w.victimCommerceExtension() : w.victimCommerceApp();
      default -> throw new IllegalStateException(kind);
    };
    lastVictim.put(key, fresh);
    return fresh;
  }

  private String protectedObject(ContractModel.Operation op, String kind, Values v, String commerceType) {
    World.Tenant a = w.a;
    return switch (kind) {
      case "instance" -> a.t().instanceId();
      case "project" -> a.project();
      case "app" -> op.id().equals("AddAppKey") || v.random().nextBoolean() ? a.jwtApp().getString("appId")
          : a.app().getString("appId");
      case "user" -> op.id().equals("GetUserByID") && v.random().nextBoolean() ? a.human()
          : a.machine().getString("userId");
      case "ecosystem" -> a.ecosystem();
      case "client" -> a.client();
      case "commerceApp" -> "extension".equals(commerceType) ? w.shopA.extensionId() : w.shopA.appId();
      default -> throw new IllegalStateException(kind);
    };
  }

  /** A valid request for {@code op}. */
  Draft base(ContractModel.Operation op, Values v) {
    return build(op, v, false);
  }

  /**
   * A valid request with every part present (an optional body too) and nothing created for it: which mutation
   * kinds apply to the operation is decided on it.
   */
  Draft probe(ContractModel.Operation op, Values v) {
    return build(op, v, true);
  }

  private Draft build(ContractModel.Operation op, Values v, boolean probe) {
    Draft d = new Draft(op);
    String commerceType = op.surface().equals("oracle-ccadmin")
        ? (op.id().equals("appIdOperation") || v.random().nextInt(3) > 0 ? "application" : "extension") : null;
    String changed = changedParam(op);
    for (ContractModel.Param p : op.params("path")) {
      String kind = kindOf(op, p.name());
      String id = p.name().equals(changed) && !probe ? victim(op, kind, v, commerceType)
          : protectedObject(op, kind, v, commerceType);
      d.path.put(p.name(), id);
    }
    for (ContractModel.Param p : op.params("query")) {
      if (!p.required() && v.random().nextBoolean()) {
        continue;
      }
      Object value = p.name().equals("type") && commerceType != null && op.path().contains("{id}") ? commerceType
          : p.name().equals("ecosystemId") ? w.a.ecosystem() : v.valid(p.schema(), null, (n, s) -> null);
      d.queryPut(p.name(), String.valueOf(value));
    }
    for (ContractModel.Param p : op.params("header")) {
      if (p.name().equals("x-zitadel-orgid") && v.random().nextInt(3) == 0) {
        d.setHeader(p.name(), w.a.t().orgId());
      }
    }
    if (probe) {
      credential(d, v, true);
    } else {
      credential(d, v, false);
    }
    body(d, v, commerceType, probe);
    return d;
  }

  /** The surface's valid credential for tenant A (some variety where the surface accepts several). */
  void credential(Draft d, Values v, boolean probe) {
    ContractModel.Operation op = d.op;
    switch (op.surface()) {
      case "zitadel-system" -> bearer(d, TestGateway.SYSTEM_TOKEN, "system token");
      // the admin API's events.read is the instance owner's, whose credential is the PAT
      case "zitadel-admin" -> bearer(d, w.a.t().pat(), "PAT A");
      case "zitadel-management", "zitadel-auth" -> {
        if (v.random().nextInt(5) == 0) {
          bearer(d, w.a.token(), "access token A");
        } else {
          bearer(d, w.a.t().pat(), "PAT A");
        }
      }
      case "zitadel-v2" -> {
        if (v2SystemToken(op)) {
          bearer(d, TestGateway.SYSTEM_TOKEN, "system token");
        } else if (v.random().nextInt(5) == 0) {
          bearer(d, w.a.token(), "access token A");
        } else {
          bearer(d, w.a.t().pat(), "PAT A");
        }
      }
      case "droplit" -> {
        int r = v.random().nextInt(5);
        if (r == 0 && !op.id().equals("createEcosystem")) {
          d.setHeader("authorization", w.a.serverToken());
          d.credential = "server token A";
        } else if (r == 1) {
          bearer(d, w.a.t().pat(), "Bearer PAT A");
        } else {
          d.setHeader("authorization", w.a.t().pat());
          d.credential = "account token A";
        }
      }
      case "oracle-ccadmin" -> {
        if (!op.declaresSecurity() || op.id().equals("login")) {
          return; // the login recipe sets its own
        }
        if (probe) {
          bearer(d, w.shopA.admin(), "admin session A");
        } else if (op.id().equals("logout") || op.id().equals("refresh")) {
          boolean password = v.random().nextBoolean();
          bearer(d, w.victimSession(password), password ? "fresh admin session A" : "fresh key session A");
        } else if (v.random().nextInt(3) == 0) {
          bearer(d, w.shopA.keySession(), "key session A");
        } else {
          bearer(d, w.shopA.admin(), "admin session A");
        }
      }
      default -> { } // oauth: the form recipes authenticate
    }
  }

  static void bearer(Draft d, String token, String label) {
    d.setHeader("authorization", "Bearer " + token);
    d.credential = label;
  }

  static String basic(String id, String secret) {
    String pair = Draft.encode(id) + ":" + Draft.encode(secret);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private void body(Draft d, Values v, String commerceType, boolean probe) {
    ContractModel.Body body = d.op.body();
    if (body == null) {
      return;
    }
    if (body.isForm()) {
      d.mode = Draft.BodyMode.FORM;
      d.contentType = "application/x-www-form-urlencoded";
      form(d, v, probe);
      return;
    }
    if (!body.required() && !probe && v.random().nextInt(4) == 0) {
      return; // an optional body, left out
    }
    d.mode = Draft.BodyMode.JSON;
    d.contentType = "application/json";
    Object value = v.valid(body.schema(), null, (name, schema) -> hint(d.op, name, schema, v, commerceType, probe));
    if (d.op.id().equals("CreateInstance") && value instanceof JsonObject o
        && o.getValue("human") instanceof JsonObject h
        && !h.containsKey("profile")) {
      h.put("profile", hint(d.op, "profile", new JsonObject(), v, commerceType, probe));
    }
    d.json = value;
    if (isV2(d.op) && value instanceof JsonObject o) {
      v2Body(d.op, o, v, probe);
    }
  }

  /** Values the schema cannot know: real ids, unique names, a password the policy takes. */
  private Object hint(ContractModel.Operation op, String name, JsonObject schema, Values v, String commerceType,
                      boolean probe) {
    if (name.equals("profile") && op.id().equals("CreateInstance")) {
      // "ZITADEL requires first and last name of a human owner" (the schema's description, not its required list)
      JsonObject profile = new JsonObject().put("firstName", "Fuzz").put("lastName", "Owner");
      if (v.random().nextBoolean()) {
        profile.put("preferredLanguage", v.pick(List.of("en", "de")));
      }
      return profile;
    }
    if (!"string".equals(Values.type(schema))) {
      return null;
    }
    if (isV2(op) && v2IdKind(op, name) != null) {
      return null; // v2Body sets the ids, once the body is generated
    }
    return switch (name) {
      case "userName", "instanceName" -> w.unique("fz");
      case "customDomain" -> w.unique("fz") + ".example.org";
      case "password", "initialPassword" -> World.PASSWORD;
      case "defaultLanguage", "preferredLanguage" -> v.pick(List.of("en", "de", "fr"));
      case "userId" -> probe || v.random().nextInt(4) == 0 ? w.a.machine().getString("userId") : w.victimUser();
      case "ecosystemId" -> w.a.ecosystem();
      case "type" -> op.id().equals("updateApplicationID") && commerceType != null ? commerceType : null;
      default -> null;
    };
  }

  // ---- ZITADEL v2: one POST per method, the ids in the body

  /**
   * Whether a top-level body field of a v2 method is a part Keygate does not serve, which the contract documents as
   * answered 501 {@code unimplemented} (a custom id, OIDC and SAML applications, a public key, organization admins,
   * {@code isOidc}): never generated, and no mutation sets it (a 501 is a 5xx the fuzzer does not take).
   */
  static boolean v2Unserved(ContractModel.Operation op, String field) {
    if (!isV2(op)) {
      return false;
    }
    return switch (v2Method(op)) {
      case "CreateUser" -> field.equals("userId");
      case "CreateProject" -> field.equals("projectId") || field.equals("id");
      case "CreateApplication" -> Set.of("applicationId", "id", "oidcConfiguration", "samlConfiguration",
          "oidcRequest", "samlRequest").contains(field);
      case "AddKey" -> field.equals("publicKey");
      case "RegenerateClientSecret" -> field.equals("isOidc");
      case "AddOrganization" -> Set.of("admins", "orgId", "organizationId").contains(field);
      default -> false;
    };
  }

  /**
   * The body field of the v2 methods whose contract answers an object that does not exist (any more) with 200,
   * "removed or never there" (DeleteProject, RemovePersonalAccessToken, RemoveKey), or null. Such an id of another
   * tenant or of a deleted object is no refusal; that nothing of the other tenant was removed, the data read back
   * after the sweep says.
   */
  static String v2RemovedOrNeverThere(ContractModel.Operation op) {
    if (!isV2(op)) {
      return null;
    }
    return switch (v2Method(op)) {
      case "DeleteProject" -> op.path().contains("v2beta") ? "id" : "projectId";
      case "RemovePersonalAccessToken" -> "tokenId";
      case "RemoveKey" -> "keyId";
      default -> null;
    };
  }

  /** Tenant A's protected object of a v2 id kind (read back after the sweep). */
  String v2Protected(String kind) {
    World.Tenant a = w.a;
    return switch (kind) {
      case "user" -> a.machine().getString("userId");
      case "project" -> a.project();
      case "app" -> a.app().getString("appId");
      case "org" -> a.t().orgId();
      case "instance" -> a.t().instanceId();
      case "pat" -> w.patIdA;
      case "userKey" -> a.machineKey().getString("keyId");
      case "appKey" -> a.appKey().getString("keyId");
      default -> throw new IllegalStateException(kind);
    };
  }

  static boolean isV2(ContractModel.Operation op) {
    return op.surface().equals("zitadel-v2");
  }

  /** The method's name: {@code DeleteUser} of {@code zitadel.user.v2.UserService.DeleteUser}. */
  static String v2Method(ContractModel.Operation op) {
    return op.id().substring(op.id().lastIndexOf('.') + 1);
  }

  /** ListInstances and DeleteInstance take the system token (the contract's {@code systemToken} scheme). */
  static boolean v2SystemToken(ContractModel.Operation op) {
    return isV2(op) && op.securitySchemes().contains("systemToken");
  }

  /**
   * The kind of object a v2 body field names ({@code user}, {@code project}, {@code app}, {@code org},
   * {@code instance}, {@code pat}, {@code userKey}, {@code appKey}), or null: not an id, or the create methods' own
   * id of the new object (a custom id, which Keygate answers 501) that names nothing yet.
   */
  static String v2IdKind(ContractModel.Operation op, String field) {
    String method = v2Method(op);
    boolean custom = switch (method) {
      case "CreateUser" -> field.equals("userId");
      case "CreateProject" -> field.equals("projectId") || field.equals("id");
      case "CreateApplication" -> field.equals("applicationId") || field.equals("id");
      case "AddOrganization" -> true;
      default -> false;
    };
    if (custom) {
      return null;
    }
    return switch (field) {
      case "userId" -> "user";
      case "projectId" -> "project";
      case "applicationId" -> "app";
      case "organizationId" -> "org";
      case "instanceId" -> "instance";
      case "tokenId" -> "pat";
      case "keyId" -> method.equals("RemoveKey") ? "userKey" : "appKey";
      case "id" -> op.path().contains("ProjectService") ? "project" : "app";
      default -> null;
    };
  }

  /** The top-level body fields of a v2 operation that name an object, with their kinds. */
  static Map<String, String> v2IdFields(ContractModel.Operation op) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (!isV2(op) || op.body() == null) {
      return fields;
    }
    for (String name : op.body().schema().getJsonObject("properties", new JsonObject()).fieldNames()) {
      String kind = v2IdKind(op, name);
      if (kind != null) {
        fields.put(name, kind);
      }
    }
    return fields;
  }

  /** Whether a v2 request carries an id field: where tenant B's credential meets tenant A's objects. */
  static boolean v2NamesIds(Draft d) {
    return d.json instanceof JsonObject o && v2IdFields(d.op).keySet().stream().anyMatch(f -> o.getValue(f) != null);
  }

  /**
   * Whether a v2 request carries an id field that must be refused to another tenant's credential: any but the one a
   * "removed or never there" method answers 200 for whatever it names.
   */
  static boolean v2NamesRefusedIds(Draft d) {
    String lenient = v2RemovedOrNeverThere(d.op);
    return d.json instanceof JsonObject o && v2IdFields(d.op).keySet().stream()
        .anyMatch(f -> !f.equals(lenient) && o.getValue(f) != null);
  }

  /** The body field naming the object a v2 method changes or deletes (a fresh victim of tenant A), or null. */
  static String v2Changed(ContractModel.Operation op) {
    return switch (v2Method(op)) {
      case "DeleteUser", "AddSecret", "RemoveSecret", "EndSecretOverlap" -> "userId";
      case "RemovePersonalAccessToken" -> "tokenId";
      case "RemoveKey", "DeleteApplicationKey" -> "keyId";
      case "DeleteProject" -> op.path().contains("v2beta") ? "id" : "projectId";
      case "DeleteApplication" -> op.path().contains("v2beta") ? "id" : "applicationId";
      case "GenerateClientSecret", "EndClientSecretOverlap", "RegenerateClientSecret" -> "applicationId";
      case "DeleteInstance" -> "instanceId";
      default -> null;
    };
  }

  /**
   * Real ids of tenant A in the body fields that name objects (a fresh victim in the one the method changes or
   * deletes: its parents stay the protected ones), the create methods' custom ids left out (501), unique names.
   */
  private void v2Body(ContractModel.Operation op, JsonObject body, Values v, boolean probe) {
    String method = v2Method(op);
    String changed = probe ? null : v2Changed(op);
    World.Tenant a = w.a;
    Map<String, String> fields = v2IdFields(op);
    for (String field : body.fieldNames().toArray(new String[0])) {
      if (v2Unserved(op, field)) {
        body.remove(field); // documented as answered 501
      }
    }
    boolean jwtApp = method.endsWith("ApplicationKey") || method.equals("ListApplicationKeys")
        || !method.equals("GetClientSecrets") && v.random().nextBoolean();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String field = e.getKey();
      if (!body.containsKey(field)) {
        continue; // an optional id the generator left out (GetInstance's instanceId)
      }
      String id = switch (e.getValue()) {
        case "user" -> field.equals(changed)
            ? (method.equals("EndSecretOverlap") ? w.victimUserInOverlap()
            : method.equals("RemoveSecret") ? w.victimUserWithSecret() : w.victimUser())
            : method.equals("GetUserByID") && v.random().nextBoolean() ? a.human() : a.machine().getString("userId");
        case "project" -> field.equals(changed) ? w.victimProject() : a.project();
        case "app" -> field.equals(changed) ? (method.equals("EndClientSecretOverlap") ? w.victimAppInOverlap()
            : w.victimApp())
            : jwtApp ? a.jwtApp().getString("appId") : a.app().getString("appId");
        case "org" -> a.t().orgId();
        case "instance" -> field.equals(changed) ? w.victimInstance() : a.t().instanceId();
        case "pat" -> field.equals(changed) ? w.victimPat() : w.patIdA;
        case "userKey" -> field.equals(changed) ? w.victimUserKey() : a.machineKey().getString("keyId");
        case "appKey" -> field.equals(changed) ? w.victimAppKey() : a.appKey().getString("keyId");
        default -> throw new IllegalStateException(e.getValue());
      };
      body.put(field, id);
    }
    switch (method) {
      case "CreateUser" -> body.put("username", w.unique("fz"));
      case "AddOrganization" -> body.put("name", w.unique("fz-org"));
      case "RegenerateClientSecret" -> body.put("isApi", true);
      case "CreateApplication" -> {
        // the oneOf branch Keygate serves (the generator may have drawn OIDC or SAML, removed above)
        String api = op.path().contains("v2beta") ? "apiRequest" : "apiConfiguration";
        if (!body.containsKey(api)) {
          body.put(api, new JsonObject());
        }
      }
      default -> { }
    }
    v2ServedFilters(method, body);
  }

  /**
   * Valid list requests send the filters Keygate serves (the contract answers the others 501 {@code unimplemented},
   * which mutations still reach): ListUsers, ListOrganizations, ListProjects (v2 and v2beta) and ListApplications
   * their generated name, type and id filters, an organization or project they name being tenant A's own (a random
   * id is refused before anything is searched), without the kinds Keygate does not serve; ListInstances none;
   * ListKeys and ListPersonalAccessTokens exactly one {@code userIdFilter}; ListApplicationKeys exactly one
   * {@code applicationIdFilter}. Widen a case as Keygate serves more.
   */
  private void v2ServedFilters(String method, JsonObject body) {
    switch (method) {
      case "ListUsers" -> servedOnly(body, "queries", "inUserIdsQuery", "organizationIdQuery", "organizationId");
      case "ListOrganizations" -> { }
      case "ListProjects" -> {
        servedOnly(body, "filters", "inProjectIdsFilter", "organizationIdFilter", "organizationId");
        servedOnly(body, "filters", null, "projectResourceOwnerFilter", "id");
        servedOnly(body, "filters", null, "projectOrganizationIdFilter", "id");
      }
      case "ListApplications" -> {
        servedOnly(body, "filters", "clientIdFilter", "projectIdFilter", "projectId");
        if (body.containsKey("projectId")) {
          body.put("projectId", w.a.project());
        }
      }
      case "ListInstances" -> body.remove("filters");
      case "ListKeys", "ListPersonalAccessTokens" -> body.put("filters", new JsonArray().add(new JsonObject()
          .put("userIdFilter", new JsonObject().put("id", w.a.machine().getString("userId")))));
      case "ListApplicationKeys" -> body.put("filters", new JsonArray().add(new JsonObject()
          .put("applicationIdFilter", new JsonObject().put("applicationId", w.a.jwtApp().getString("appId")))));
      default -> { }
    }
  }

  /**
   * Drops the entries of {@code list} of the kind {@code unserved} (null: none) and points each {@code scoping}
   * entry's {@code field} at tenant A's organization or project.
   */
  private void servedOnly(JsonObject body, String list, String unserved, String scoping, String field) {
    JsonArray entries = body.getJsonArray(list);
    if (entries == null) {
      return;
    }
    JsonArray kept = new JsonArray();
    for (Object entry : entries) {
      JsonObject filter = (JsonObject) entry;
      if (unserved != null && filter.containsKey(unserved)) {
        continue;
      }
      if (filter.getJsonObject(scoping) != null) {
        filter.getJsonObject(scoping).put(field, field.equals("projectId") ? w.a.project() : w.a.t().orgId());
      }
      kept.add(filter);
    }
    body.put(list, kept);
  }

  /** Tenant B's object of a v2 id kind: another tenant's real id. */
  String v2Foreign(ContractModel.Operation op, String kind) {
    World.Tenant b = w.b;
    return switch (kind) {
      case "user" -> b.machine().getString("userId");
      case "project" -> b.project();
      case "app" -> b.app().getString("appId");
      case "org" -> b.t().orgId();
      // the system token reaches every instance: where it deletes one, the "foreign" one is a victim of its own
      case "instance" -> v2SystemToken(op) && v2Changed(op) != null ? w.victimInstance() : b.t().instanceId();
      case "pat" -> w.patIdB;
      case "userKey" -> b.machineKey().getString("keyId");
      case "appKey" -> b.appKey().getString("keyId");
      default -> throw new IllegalStateException(kind);
    };
  }

  /** The id of a deleted object of a v2 id kind (an organization is never deleted: a deleted project's id). */
  String v2Deleted(String kind) {
    return switch (kind) {
      case "org" -> w.deleted.get("project");
      default -> w.deleted.get(kind);
    };
  }

  /** The form bodies: a grant or a client authentication that works. */
  private void form(Draft d, Values v, boolean probe) {
    World.Tenant a = w.a;
    switch (d.op.id()) {
      case "Token" -> {
        if (v.random().nextBoolean()) {
          d.formPut("grant_type", "client_credentials");
          clientSecret(d, v, a.machine().getString("clientId"), a.machine().getString("clientSecret"), "machine A");
        } else {
          d.formPut("grant_type", JWT_BEARER);
          d.formPut("assertion", w.userAssertion(a.machineKey(), a.machine().getString("userId"), 300));
          d.credential = "assertion of machine A";
        }
        d.formPut("scope", v.random().nextBoolean() ? World.projectScope(a.project()) : "openid");
      }
      case "Introspect" -> {
        d.formPut("token", a.token());
        appAuthentication(d, v);
        if (v.random().nextBoolean()) {
          d.formPut("token_type_hint", "access_token");
        }
      }
      case "Revoke" -> {
        d.formPut("token", probe ? w.a.token() : w.victimToken());
        if (v.random().nextBoolean()) {
          appAuthentication(d, v);
        } else {
          clientSecret(d, v, a.machine().getString("clientId"), a.machine().getString("clientSecret"), "machine A");
        }
      }
      case "login" -> {
        if (v.random().nextBoolean()) {
          d.formPut("grant_type", "client_credentials");
          bearer(d, w.shopA.appKey(), "application key A");
        } else {
          d.formPut("grant_type", "password");
          d.formPut("username", "amber");
          d.formPut("password", World.PASSWORD);
          d.setHeader("x-zitadel-instance-host", w.shopA.domain());
          d.credential = "admin password A";
        }
      }
      default -> {
        // a form operation without a recipe: its schema's valid fields
        JsonObject value = (JsonObject) v.valid(d.op.body().schema(), null, (n, s) -> null);
        for (String field : value.fieldNames()) {
          d.formPut(field, String.valueOf(value.getValue(field)));
        }
      }
    }
  }

  private void appAuthentication(Draft d, Values v) {
    World.Tenant a = w.a;
    int r = v.random().nextInt(3);
    if (r == 0) {
      d.formPut("client_assertion_type", ASSERTION_TYPE);
      d.formPut("client_assertion", w.clientAssertion(a.appKey(), a.jwtApp().getString("clientId")));
      d.credential = "private_key_jwt of app A";
    } else {
      clientSecret(d, v, a.app().getString("clientId"), a.app().getString("clientSecret"), "app A");
    }
  }

  /**
   * Credentials a valid request of an operation answered slowly with: the gateway's tarpit counts them as failing
   * there, so further requests of that operation use a fresh client of the same kind (the finding is recorded).
   */
  private final Set<String> avoided = new HashSet<>();

  void avoid(ContractModel.Operation op, String credential) {
    avoided.add(op.id() + " " + credential);
  }

  private void clientSecret(Draft d, Values v, String id, String secret, String label) {
    if (avoided.contains(d.op.id() + " Basic " + label) || avoided.contains(d.op.id() + " form secret of " + label)) {
      if (label.equals("machine A")) {
        JsonObject fresh = w.freshMachine();
        id = fresh.getString("clientId");
        secret = fresh.getString("clientSecret");
        label = "a fresh machine user of A";
      }
    }
    if (v.random().nextInt(3) == 0) {
      d.formPut("client_id", id);
      d.formPut("client_secret", secret);
      d.credential = "form secret of " + label;
    } else {
      d.setHeader("authorization", basic(id, secret));
      d.credential = "Basic " + label;
    }
  }
}
