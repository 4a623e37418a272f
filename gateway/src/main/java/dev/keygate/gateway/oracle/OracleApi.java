package dev.keygate.gateway.oracle;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.contract.OperationValidator;
import dev.keygate.gateway.service.commerce.CommerceApplications;
import dev.keygate.gateway.service.commerce.CommerceLogins;
import dev.keygate.gateway.service.commerce.CommercePrincipal;
import dev.keygate.gateway.service.commerce.CommerceSessions;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Page;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Oracle Commerce's {@code /ccadmin/v1}: logins, application IDs, and the public registry and locales that DCU reads.
 * The check order is Oracle's: authentication (401), then the contract (400), then existence (404).
 */
public final class OracleApi implements SurfaceBinding {

  /** What DCU and other clients read as the server's version. */
  static final String VERSION = "25.1.0-keygate";
  private static final String PRINCIPAL = "oracle.principal";
  private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);
  /** Operations that need no access token: login takes an application key or a password; the registry is public. */
  private static final List<String> PUBLIC = List.of("login", "getRegistry");

  private final CommerceLogins logins;
  private final CommerceSessions sessions;
  private final CommerceApplications applications;
  private final JsonObject registry;
  private final OracleFailureHandler failures = new OracleFailureHandler();

  public OracleApi(ApiContract contract, CommerceLogins logins, CommerceSessions sessions,
                   CommerceApplications applications) {
    this.logins = logins;
    this.sessions = sessions;
    this.applications = applications;
    this.registry = registry(contract);
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    if (PUBLIC.contains(operation.getOperationId())) {
      return null;
    }
    return rc -> sessions.authenticate(bearer(rc), InstanceHost.of(rc.request())).onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
      } else {
        rc.put(PRINCIPAL, done.result());
        rc.next();
      }
    });
  }

  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    CommercePrincipal principal = principal(rc);
    return new IdempotentRequests.Scope(principal.instanceId(), principal.kind() + ":" + principal.id());
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return switch (operation.getOperationId()) {
      case "login" -> this::login;
      case "refresh" -> rc -> json(rc, accessToken(rc, sessions.refresh(principal(rc), issuer(rc))));
      case "logout" -> rc -> reply(rc, sessions.logout(principal(rc)), v -> new JsonObject().put("result", true));
      case "getRegistry" -> rc -> {
        rc.response().putHeader("OracleCommerceCloud-Version", VERSION);
        json(rc, registry);
      };
      case "listLocales" -> rc -> json(rc, locales());
      case "getApplicationIDs" -> this::list;
      case "createApplicationID" -> rc -> {
        JsonObject body = body(rc);
        reply(rc, applications.create(principal(rc), body.getString("name"), body.getString("type"),
            body.getInteger("lifetimeDays")), created -> item(created.application(), created.key()));
      };
      case "getApplicationID" -> rc -> reply(rc, applications.get(principal(rc), rc.pathParam("id"),
          rc.queryParams().get("type")), application -> item(application, null));
      case "updateApplicationID" -> rc -> {
        JsonObject body = body(rc);
        reply(rc, applications.update(principal(rc), rc.pathParam("id"), body.getString("name"), body.getString("type"),
            body.getInteger("lifetimeDays")), application -> item(application, null));
      };
      case "deleteApplicationID" -> rc -> reply(rc, applications.remove(principal(rc), rc.pathParam("id"),
          rc.queryParams().get("type")), removed -> new JsonObject());
      case "appIdOperation" -> rc -> reply(rc, applications.newKey(principal(rc), rc.pathParam("id"),
          body(rc).getInteger("lifetimeDays"), previousValidFor(body(rc))), rekeyed -> {
            JsonObject json = new JsonObject().put("token", rekeyed.key());
            if (rekeyed.application().keyExpiresAt() != null) {
              json.put("expirationTime", rekeyed.application().keyExpiresAt().getEpochSecond());
            }
            return json;
          });
      default -> throw new IllegalStateException("no handler for " + operation.getOperationId());
    };
  }

  /** Keygate's overlap on genAuthToken: whole seconds the old key keeps working; the contract bounds it. */
  private static Duration previousValidFor(JsonObject body) {
    Long seconds = body.getLong("previousTokenValidSeconds");
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  private void login(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    Future<CommerceSessions.Login> login;
    if ("password".equals(form.getString("grant_type"))) {
      if (form.getString("username") == null || form.getString("password") == null) {
        failures.send(rc, List.of(OracleErrorCatalogue.USER_CREDENTIALS_MISSING));
        return;
      }
      login = logins.loginWithPassword(InstanceHost.of(rc.request()), form.getString("username"),
          form.getString("password"), issuer(rc));
    } else {
      login = logins.loginWithKey(bearer(rc), issuer(rc), InstanceHost.of(rc.request()));
    }
    reply(rc, login, done -> accessToken(rc, done));
  }

  private void list(RoutingContext rc) {
    String type = rc.queryParams().get("type");
    int limit = rc.queryParams().contains("limit") ? Integer.parseInt(rc.queryParams().get("limit")) : 250;
    long offset = rc.queryParams().contains("offset") ? Long.parseLong(rc.queryParams().get("offset")) : 0;
    reply(rc, applications.list(principal(rc), type, limit, offset), (Page<CommerceApplication> page) -> {
      JsonArray items = new JsonArray();
      page.items().forEach(application -> items.add(item(application, null)));
      return new JsonObject().put("items", items).put("totalResults", page.total()).put("offset", offset)
          .put("limit", limit);
    });
  }

  /** An application ID as Oracle shows it; {@code key} only in the answers that issue one. */
  static JsonObject item(CommerceApplication application, String key) {
    JsonObject json = new JsonObject()
        .put("id", application.id())
        .put("repositoryId", application.id())
        .put("name", application.name())
        .put("type", application.type())
        .put("inUse", false)
        .put("external", false)
        .put("creationTime", CREATION_TIME.format(application.createdAt()))
        .put("createdBy", new JsonObject()
            .put("firstName", application.createdByFirstName())
            .put("lastName", application.createdByLastName())
            .put("repositoryId", application.createdById())
            .put("id", application.createdById()));
    if (key != null) {
      json.put("token", key);
    }
    if (application.keyExpiresAt() != null) {
      json.put("expirationTime", application.keyExpiresAt().getEpochSecond());
    }
    return json;
  }

  private static JsonObject accessToken(RoutingContext rc, CommerceSessions.Login login) {
    return new JsonObject().put("access_token", login.accessToken()).put("token_type", "bearer")
        .put("expires_in", login.expiresIn())
        .put("links", new JsonArray().add(new JsonObject().put("rel", "self")
            .put("href", issuer(rc) + rc.request().path())));
  }

  private static JsonObject locales() {
    JsonObject english = new JsonObject().put("name", "en").put("displayName", "English").put("repositoryId", "en");
    return new JsonObject().put("defaultLocale", english).put("items", new JsonArray().add(english));
  }

  /** The endpoint map DCU builds its calls from: every operation of the contract, path parameters as {}. */
  private static JsonObject registry(ApiContract contract) {
    JsonObject map = new JsonObject();
    for (Operation operation : contract.openApi().operations()) {
      map.put(operation.getOperationId(), new JsonObject()
          .put("id", operation.getOperationId())
          .put("method", operation.getHttpMethod().name())
          .put("url", operation.getOpenAPIPath().replaceAll("\\{[^}]+}", "{}"))
          .put("authRequired", !PUBLIC.contains(operation.getOperationId())));
    }
    return new JsonObject().put("endpointMap", map);
  }

  private static String bearer(RoutingContext rc) {
    String header = rc.request().getHeader("authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  static String issuer(RoutingContext rc) {
    return rc.request().scheme() + "://" + rc.request().authority();
  }

  private static CommercePrincipal principal(RoutingContext rc) {
    return rc.get(PRINCIPAL);
  }

  private static JsonObject body(RoutingContext rc) {
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    return decoded != null && decoded.value() instanceof JsonObject json ? json : new JsonObject();
  }

  private static <T> void reply(RoutingContext rc, Future<T> result, Function<T, JsonObject> render) {
    result.onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
      } else {
        json(rc, render.apply(done.result()));
      }
    });
  }

  private static void json(RoutingContext rc, JsonObject body) {
    Replies.json(rc, 200, body.toBuffer());
  }

  @Override
  public Handler<RoutingContext> failureHandler() {
    return failures;
  }

  @Override
  public void notFound(RoutingContext rc) {
    failures.send(rc, List.of(OracleErrorCatalogue.NO_ENDPOINT));
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    failures.send(rc, List.of(OracleErrorCatalogue.METHOD));
  }
}
