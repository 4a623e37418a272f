package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.InstanceRequest;
import dev.keygate.gateway.service.InstanceService;
import dev.keygate.store.Instance;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;

/** ZITADEL's system API v1: instances. Every operation needs the system token or a system user's JWT. */
public final class ZitadelSystemApi extends ZitadelSurface {

  /** The version an instance reports, on v1 and on v2's InstanceService alike. */
  public static final String VERSION = "keygate-0.1.0";
  private static final IdempotentRequests.Scope SYSTEM_SCOPE = new IdempotentRequests.Scope("", "system");

  private final InstanceService instances;
  private final Clock clock;
  private final SystemTokenAuthenticator authenticator;

  public ZitadelSystemApi(ApiContract contract, InstanceService instances, Clock clock,
                          SystemTokenAuthenticator authenticator) {
    super(contract);
    this.instances = instances;
    this.clock = clock;
    this.authenticator = authenticator;
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return authenticator;
  }

  @Override
  public Handler<RoutingContext> authorize(Operation operation) {
    return null; // the system token, like ZITADEL's system user without memberships, holds every system permission
  }

  /** The system token has no tenant; its keys are the system's own. */
  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    return SYSTEM_SCOPE;
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return switch (operation.getOperationId()) {
      case "CreateInstance" -> this::createInstance;
      case "GetInstance" -> rc -> Replies.json(rc, instances.get(rc.pathParam("instanceId")),
          instance -> new JsonObject().put("instance", render(instance)));
      case "ListInstances" -> this::listInstances;
      case "RemoveInstance" -> rc -> Replies.json(rc, instances.remove(rc.pathParam("instanceId")),
          removed -> ZitadelResponses.changed(removed.sequence(), removed.changedAt(), removed.id()));
      default -> throw new IllegalStateException("no handler for " + operation.getOperationId());
    };
  }

  private void createInstance(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    Replies.json(rc, instances.create(instanceRequest(body)), created -> {
      JsonObject json = new JsonObject()
          .put("instanceId", created.instance().id())
          .put("details", ZitadelResponses.createdDetails(created.instance().sequence(), created.instance().createdAt(),
              created.orgId()));
      if (created.pat() != null) {
        json.put("pat", created.pat());
      }
      if (created.machineKeyFile() != null) {
        json.put("machineKey", Base64.getEncoder().encodeToString(created.machineKeyFile()));
      }
      return json;
    });
  }

  private void listInstances(RoutingContext rc) {
    Replies.json(rc, instances.list(ListQueries.from(DecodedBody.objectOf(rc))),
        page -> ZitadelResponses.list(page, clock.instant(), ZitadelSystemApi::render));
  }

  static InstanceRequest instanceRequest(JsonObject body) {
    InstanceRequest.HumanOwner human = null;
    InstanceRequest.MachineOwner machine = null;
    JsonObject h = body.getJsonObject("human");
    if (h != null) {
      JsonObject email = h.getJsonObject("email", new JsonObject());
      JsonObject profile = h.getJsonObject("profile", new JsonObject());
      JsonObject password = h.getJsonObject("password", new JsonObject());
      human = new InstanceRequest.HumanOwner(h.getString("userName"), email.getString("email"),
          email.getBoolean("isEmailVerified", false), profile.getString("firstName"), profile.getString("lastName"),
          profile.getString("preferredLanguage"), emptyToNull(password.getString("password")));
    }
    JsonObject m = body.getJsonObject("machine");
    if (m != null) {
      JsonObject pat = m.getJsonObject("personalAccessToken");
      JsonObject key = m.getJsonObject("machineKey");
      machine = new InstanceRequest.MachineOwner(m.getString("userName"), m.getString("name"), pat != null,
          pat == null ? null : timestamp(pat.getString("expirationDate")), key != null,
          key == null ? null : timestamp(key.getString("expirationDate")));
    }
    return new InstanceRequest(body.getString("instanceName"), body.getString("firstOrgName"),
        body.getString("customDomain"), human, machine);
  }

  /** RFC 3339 as protojson reads a Timestamp; the contract has already checked the format. */
  static Instant timestamp(String value) {
    return value == null || value.isEmpty() ? null : OffsetDateTime.parse(value).toInstant();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static JsonObject render(Instance instance) {
    JsonObject details = ZitadelResponses.details(instance.sequence(), instance.createdAt(), instance.changedAt(),
        instance.id());
    JsonArray domains = new JsonArray();
    for (Instance.Domain domain : instance.domains()) {
      JsonObject json = new JsonObject()
          .put("details", ZitadelResponses.details(instance.sequence(), instance.createdAt(), instance.changedAt(),
              instance.id()))
          .put("domain", domain.name());
      if (domain.primary()) {
        json.put("primary", true);
      }
      if (domain.generated()) {
        json.put("generated", true);
      }
      domains.add(json);
    }
    return new JsonObject()
        .put("id", instance.id())
        .put("details", details)
        .put("state", "STATE_RUNNING")
        .put("name", instance.name())
        .put("version", VERSION)
        .put("domains", domains);
  }
}
