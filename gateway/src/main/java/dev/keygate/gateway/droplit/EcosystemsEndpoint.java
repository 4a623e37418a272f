package dev.keygate.gateway.droplit;

import static dev.keygate.gateway.droplit.DroplitApi.caller;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.ecosystem.EcosystemService;
import dev.keygate.store.Ecosystem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Droplit's {@code /api/ecosystems}: create (account tokens only), list, get, update and delete. */
record EcosystemsEndpoint(EcosystemService ecosystems, DroplitChecks checks) implements SurfaceEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "createEcosystem" -> rc -> Replies.json(rc, 200, checks.run(rc, operationId, List.of())
          .compose(v -> ecosystems.createEcosystem(caller(rc), DecodedBody.objectOf(rc)
              .getJsonObject("meta", new JsonObject()).encode())), DroplitRenderer::ecosystem);
      case "listEcosystems" -> rc -> Replies.json(rc, 200, checks.run(rc, operationId, List.of())
          .compose(v -> ecosystems.ecosystems(caller(rc))), list -> DroplitRenderer.items(list,
          DroplitRenderer::ecosystem));
      case "getEcosystem" -> rc -> Replies.json(rc, 200, found(rc, operationId), DroplitRenderer::ecosystem);
      case "updateEcosystem" -> rc -> Replies.json(rc, 200, found(rc, operationId).compose(ecosystem -> {
        JsonObject body = DecodedBody.objectOf(rc);
        JsonObject meta = body.getJsonObject("meta");
        return ecosystems.updateEcosystem(caller(rc), ecosystem, meta == null ? null : meta.encode(),
            body.getString("domain"));
      }), updated -> null);
      case "deleteEcosystem" -> rc -> Replies.json(rc, 200, found(rc, operationId)
          .compose(ecosystem -> ecosystems.removeEcosystem(caller(rc), ecosystem.id())), removed -> null);
      default -> null;
    };
  }

  /** The ecosystem of the path, looked up in Droplit's order of checks. */
  private Future<Ecosystem> found(RoutingContext rc, String operationId) {
    String ecosystemId = rc.pathParam("id");
    AtomicReference<Ecosystem> found = new AtomicReference<>();
    return checks.run(rc, operationId, List.of(new DroplitChecks.LookupStep(DroplitChecks.PATH_LOOKUP,
        () -> ecosystems.ecosystem(caller(rc), ecosystemId).map(lookup -> {
          found.set(lookup.value());
          return DroplitChecks.lookupError(lookup, "Ecosystem", "id", "path", ecosystemId);
        })))).map(v -> found.get());
  }
}
