package dev.keygate.gateway.droplit;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.ecosystem.EcosystemCaller;
import dev.keygate.gateway.service.ecosystem.EcosystemService;
import dev.keygate.store.ClientToken;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Lookup;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Droplit's {@code /api/ecosystems} and {@code /api/clients}, wire-compatible with the Droplit documentation. */
public final class DroplitApi implements SurfaceBinding {

  /** Node's {@code Date} JSON: ISO 8601 UTC with exactly three fraction digits. */
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final AccessService access;
  private final EcosystemService ecosystems;
  private final DroplitChecks checks;
  private final DroplitFailureHandler failures = new DroplitFailureHandler();

  public DroplitApi(ApiContract contract, AccessService access, EcosystemService ecosystems) {
    this.access = access;
    this.ecosystems = ecosystems;
    this.checks = new DroplitChecks(contract);
  }

  // ---- binding

  /** The raw {@code authorization: <token>} header; {@code Bearer <token>} is accepted as well. */
  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return rc -> {
      String header = rc.request().getHeader("authorization");
      if (header == null || header.isBlank()) {
        rc.fail(DomainError.AUTH_HEADER_MISSING.exception());
        return;
      }
      String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
      access.authenticateEcosystemToken(token, InstanceHost.of(rc.request())).onComplete(done -> {
        if (done.succeeded()) {
          rc.put(RequestKeys.CALLER, done.result());
          rc.next();
        } else {
          rc.fail(done.cause());
        }
      });
    };
  }

  @Override
  public IdempotentRequests.Scope idempotencyScope(RoutingContext rc) {
    EcosystemCaller caller = caller(rc);
    return new IdempotentRequests.Scope(caller.instanceId(), caller.actorId());
  }

  @Override
  public Handler<RoutingContext> authorize(Operation operation) {
    return null; // what a token may do is decided per operation, by the services
  }

  @Override
  public boolean malformedBodyFirst() {
    return false; // Droplit answers authorization and the query string first: "Body Parameters Missing" comes later
  }

  /** Violations wait for {@link DroplitChecks}, which interleaves them with lookups in Droplit's order. */
  @Override
  public void onViolations(RoutingContext rc, List<ContractViolation> violations, Object body) {
    rc.put(RequestKeys.VIOLATIONS, violations);
    rc.next();
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    String id = operation.getOperationId();
    return switch (id) {
      case "createEcosystem" -> rc -> checks.run(rc, id, List.of())
          .compose(v -> ecosystems.createEcosystem(caller(rc), body(rc).getJsonObject("meta", new JsonObject())
          .encode()))
          .onComplete(done -> reply(rc, done.map(DroplitApi::render), 200));
      case "listEcosystems" -> rc -> checks.run(rc, id, List.of())
          .compose(v -> ecosystems.ecosystems(caller(rc)))
          .onComplete(done -> reply(rc, done.map(list -> items(list.stream().map(DroplitApi::render).toList())), 200));
      case "getEcosystem" -> rc -> withEcosystem(rc, id)
          .onComplete(done -> reply(rc, done.map(DroplitApi::render), 200));
      case "updateEcosystem" -> rc -> withEcosystem(rc, id)
          .compose(ecosystem -> {
            JsonObject body = body(rc);
            JsonObject meta = body.getJsonObject("meta");
            return ecosystems.updateEcosystem(caller(rc), ecosystem, meta == null ? null : meta.encode(),
                body.getString("domain"));
          })
          .onComplete(done -> reply(rc, done.map(x -> (JsonObject) null), 200));
      case "deleteEcosystem" -> rc -> withEcosystem(rc, id)
          .compose(ecosystem -> ecosystems.removeEcosystem(caller(rc), ecosystem.id()))
          .onComplete(done -> reply(rc, done.map(x -> (JsonObject) null), 200));
      case "createClient" -> this::createClient;
      case "listClients" -> this::listClients;
      case "getClient" -> rc -> withClient(rc, id)
          .onComplete(done -> reply(rc, done.map(DroplitApi::render), 200));
      case "updateClient" -> rc -> withClient(rc, id)
          .compose(client -> ecosystems.updateClient(caller(rc), client, body(rc).getString("name"),
              body(rc).getString("description")))
          .onComplete(done -> reply(rc, done.map(x -> (JsonObject) null), 200));
      case "deleteClient" -> rc -> withClient(rc, id)
          .compose(client -> ecosystems.removeClient(caller(rc), client.id()))
          .onComplete(done -> reply(rc, done.map(x -> (JsonObject) null), 200));
      case "createClientToken" -> rc -> withClient(rc, id)
          .compose(client -> TokenExpiry.of(body(rc)).compose(expiresAt ->
              ecosystems.createToken(caller(rc), client.id(), body(rc).getString("description"), expiresAt)))
          .onComplete(done -> reply(rc, done.map(issued -> TokenExpiry.put(new JsonObject()
              .put("createdAt", MILLIS.format(issued.token().createdAt()))
              .put("id", issued.token().id())
              .put("token", issued.value()), "expiresAt", issued.token().expiresAt())), 201));
      case "listClientTokens" -> rc -> withClient(rc, id)
          .compose(client -> ecosystems.tokens(caller(rc), client.id()))
          .compose(tokens -> ecosystems.lastUses(caller(rc), tokens).map(lastUses -> items(tokens.stream()
              .map(token -> TokenExpiry.put(TokenExpiry.put(render(token), "expiresAt", token.expiresAt()),
                  "lastUsedAt", lastUses.get(token.id())))
              .toList())))
          .onComplete(done -> reply(rc, done, 200));
      default -> throw new IllegalStateException("no handler for " + id);
    };
  }

  // ---- operations with lookups in Droplit's order

  private void createClient(RoutingContext rc) {
    String id = "createClient";
    EcosystemCaller caller = caller(rc);
    JsonObject body = body(rc);
    Object ecosystemId = body.getValue("ecosystemId");
    List<DroplitChecks.LookupStep> lookups = ecosystemId instanceof String eco
        ? List.of(new DroplitChecks.LookupStep(checks.bodyLookupRank(id, "ecosystemId"),
            () -> ecosystems.ecosystem(caller, eco)
                .map(lookup -> DroplitChecks.lookupError(lookup, "Ecosystem", "ecosystemId", "body", eco))))
        : List.of();
    checks.run(rc, id, lookups)
        .compose(v -> ecosystems.createClient(caller, (String) ecosystemId, body.getString("type"),
            body.getString("name"), body.getString("description")))
        .onComplete(done -> reply(rc, done.map(DroplitApi::render), 201));
  }

  private void listClients(RoutingContext rc) {
    String id = "listClients";
    EcosystemCaller caller = caller(rc);
    String ecosystemId = rc.queryParams().get("ecosystemId");
    List<DroplitChecks.LookupStep> lookups = ecosystemId == null ? List.of()
        : List.of(new DroplitChecks.LookupStep(DroplitChecks.QUERY_LOOKUP, () -> ecosystems.ecosystem(caller,
        ecosystemId)
            .map(lookup -> DroplitChecks.lookupError(lookup, "Ecosystem", "ecosystemId", "query", ecosystemId))));
    checks.run(rc, id, lookups)
        .compose(v -> ecosystems.clients(caller, ecosystemId))
        .onComplete(done -> reply(rc, done.map(list -> items(list.stream().map(DroplitApi::render).toList())), 200));
  }

  private Future<Ecosystem> withEcosystem(RoutingContext rc, String operationId) {
    String ecosystemId = rc.pathParam("id");
    AtomicReference<Ecosystem> found = new AtomicReference<>();
    return checks.run(rc, operationId, List.of(new DroplitChecks.LookupStep(DroplitChecks.PATH_LOOKUP,
        () -> ecosystems.ecosystem(caller(rc), ecosystemId).map(lookup -> {
          found.set(lookup.value());
          return DroplitChecks.lookupError(lookup, "Ecosystem", "id", "path", ecosystemId);
        })))).map(v -> found.get());
  }

  private Future<EcosystemClient> withClient(RoutingContext rc, String operationId) {
    String clientId = rc.pathParam("id");
    AtomicReference<EcosystemClient> found = new AtomicReference<>();
    return checks.run(rc, operationId, List.of(new DroplitChecks.LookupStep(DroplitChecks.PATH_LOOKUP,
        () -> ecosystems.client(caller(rc), clientId).map((Lookup<EcosystemClient> lookup) -> {
          found.set(lookup.value());
          return DroplitChecks.lookupError(lookup, "Client", "id", "path", clientId);
        })))).map(v -> found.get());
  }

  // ---- rendering

  private static JsonObject render(Ecosystem ecosystem) {
    JsonObject json = new JsonObject()
        .put("createdAt", MILLIS.format(ecosystem.createdAt()))
        .put("id", ecosystem.id())
        .put("meta", new JsonObject(ecosystem.metaJson()));
    if (ecosystem.domain() != null && !ecosystem.domain().isEmpty()) {
      json.put("domain", ecosystem.domain());
    }
    return json;
  }

  /** Exactly the six keys of Droplit's example; name and description are null when absent. */
  private static JsonObject render(EcosystemClient client) {
    return new JsonObject()
        .put("createdAt", MILLIS.format(client.createdAt()))
        .put("description", client.description())
        .put("ecosystemId", client.ecosystemId())
        .put("id", client.id())
        .put("name", client.name())
        .put("type", client.type());
  }

  /** Never the token's value: it was shown once, when it was created. */
  private static JsonObject render(ClientToken token) {
    return new JsonObject()
        .put("context", new JsonObject())
        .put("createdAt", MILLIS.format(token.createdAt()))
        .put("description", token.description())
        .put("id", token.id());
  }

  private static JsonObject items(List<JsonObject> items) {
    return new JsonObject().put("items", new JsonArray(List.copyOf(items)));
  }

  private static EcosystemCaller caller(RoutingContext rc) {
    return rc.get(RequestKeys.CALLER);
  }

  private static JsonObject body(RoutingContext rc) {
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    return decoded != null && decoded.value() instanceof JsonObject object ? object : new JsonObject();
  }

  /** A null body means "no content, only the status code", as Droplit's update and delete answer. */
  private static void reply(RoutingContext rc, AsyncResult<JsonObject> done, int status) {
    if (done.failed()) {
      rc.fail(done.cause());
      return;
    }
    Replies.json(rc, status, done.result() == null ? null : done.result().toBuffer());
  }

  @Override
  public Handler<RoutingContext> failureHandler() {
    return failures;
  }

  @Override
  public void notFound(RoutingContext rc) {
    DroplitFailureHandler.sendError(rc, DroplitError.plain(404, "NotFound", "Route Not Found"));
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    DroplitFailureHandler.sendError(rc, DroplitError.plain(405, "MethodNotAllowed", "Method Not Allowed"));
  }
}
