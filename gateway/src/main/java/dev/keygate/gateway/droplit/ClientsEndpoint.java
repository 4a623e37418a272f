package dev.keygate.gateway.droplit;

import static dev.keygate.gateway.droplit.DroplitApi.caller;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.ecosystem.EcosystemCaller;
import dev.keygate.gateway.service.ecosystem.EcosystemService;
import dev.keygate.store.EcosystemClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Droplit's {@code /api/clients}: clients of an ecosystem, and their tokens. */
record ClientsEndpoint(EcosystemService ecosystems, DroplitChecks checks) implements SurfaceEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "createClient" -> rc -> create(rc, operationId);
      case "listClients" -> rc -> list(rc, operationId);
      case "getClient" -> rc -> Replies.json(rc, 200, found(rc, operationId), DroplitRenderer::client);
      case "updateClient" -> rc -> Replies.json(rc, 200, found(rc, operationId).compose(client -> {
        JsonObject body = DecodedBody.objectOf(rc);
        return ecosystems.updateClient(caller(rc), client, body.getString("name"), body.getString("description"));
      }), updated -> null);
      case "deleteClient" -> rc -> Replies.json(rc, 200, found(rc, operationId)
          .compose(client -> ecosystems.removeClient(caller(rc), client.id())), removed -> null);
      case "createClientToken" -> rc -> Replies.json(rc, 201, found(rc, operationId).compose(client -> {
        JsonObject body = DecodedBody.objectOf(rc);
        return TokenExpiry.of(body).compose(expiresAt -> ecosystems.createToken(caller(rc), client.id(),
            body.getString("description"), expiresAt));
      }), DroplitRenderer::issuedToken);
      case "listClientTokens" -> rc -> Replies.json(rc, 200, found(rc, operationId)
          .compose(client -> ecosystems.tokens(caller(rc), client.id()))
          .compose(tokens -> ecosystems.lastUses(caller(rc), tokens)
              .map(lastUses -> DroplitRenderer.tokens(tokens, lastUses))), tokens -> tokens);
      default -> null;
    };
  }

  /** The body's ecosystem is looked up as soon as its id is valid, before the fields after it are judged. */
  private void create(RoutingContext rc, String operationId) {
    EcosystemCaller caller = caller(rc);
    JsonObject body = DecodedBody.objectOf(rc);
    Object ecosystemId = body.getValue("ecosystemId");
    List<DroplitChecks.LookupStep> lookups = ecosystemId instanceof String eco
        ? List.of(new DroplitChecks.LookupStep(checks.bodyLookupRank(operationId, "ecosystemId"),
            () -> ecosystems.ecosystem(caller, eco)
                .map(lookup -> DroplitChecks.lookupError(lookup, "Ecosystem", "ecosystemId", "body", eco))))
        : List.of();
    Replies.json(rc, 201, checks.run(rc, operationId, lookups)
        .compose(v -> ecosystems.createClient(caller, (String) ecosystemId, body.getString("type"),
            body.getString("name"), body.getString("description"))), DroplitRenderer::client);
  }

  /** An ecosystem named in the query is looked up right after the query is judged. */
  private void list(RoutingContext rc, String operationId) {
    EcosystemCaller caller = caller(rc);
    String ecosystemId = rc.queryParams().get("ecosystemId");
    List<DroplitChecks.LookupStep> lookups = ecosystemId == null ? List.of()
        : List.of(new DroplitChecks.LookupStep(DroplitChecks.QUERY_LOOKUP, () -> ecosystems.ecosystem(caller,
            ecosystemId).map(lookup -> DroplitChecks.lookupError(lookup, "Ecosystem", "ecosystemId", "query",
            ecosystemId))));
    Replies.json(rc, 200, checks.run(rc, operationId, lookups).compose(v -> ecosystems.clients(caller, ecosystemId)),
        list -> DroplitRenderer.items(list, DroplitRenderer::client));
  }

  /** The client of the path, looked up in Droplit's order of checks. */
  private Future<EcosystemClient> found(RoutingContext rc, String operationId) {
    String clientId = rc.pathParam("id");
    AtomicReference<EcosystemClient> found = new AtomicReference<>();
    return checks.run(rc, operationId, List.of(new DroplitChecks.LookupStep(DroplitChecks.PATH_LOOKUP,
        () -> ecosystems.client(caller(rc), clientId).map(lookup -> {
          found.set(lookup.value());
          return DroplitChecks.lookupError(lookup, "Client", "id", "path", clientId);
        })))).map(v -> found.get());
  }
}
