package dev.keygate.gateway.fuzz;

import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
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
      case "zitadel-management" -> {
        if (v.random().nextInt(5) == 0) {
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
