package dev.keygate.gateway.oracle;

import dev.keygate.gateway.http.OperationSecurity;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/** What Oracle's DCU reads about the server before it calls it: the public registry of operations, the locales. */
final class RegistryEndpoint implements SurfaceEndpoint {

  /** What DCU and other clients read as the server's version. */
  static final String VERSION = "25.1.0-keygate";

  private final JsonObject registry;

  RegistryEndpoint(ApiContract contract) {
    this.registry = registry(contract);
  }

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "getRegistry" -> rc -> {
        rc.response().putHeader("OracleCommerceCloud-Version", VERSION);
        Replies.json(rc, 200, registry.toBuffer());
      };
      case "listLocales" -> rc -> Replies.json(rc, 200, locales().toBuffer());
      default -> null;
    };
  }

  /** The endpoint map DCU builds its calls from: every operation of the contract, path parameters as {}. */
  private static JsonObject registry(ApiContract contract) {
    JsonObject map = new JsonObject();
    for (Operation operation : contract.openApi().operations()) {
      map.put(operation.getOperationId(), new JsonObject()
          .put("id", operation.getOperationId())
          .put("method", operation.getHttpMethod().name())
          .put("url", operation.getOpenAPIPath().replaceAll("\\{[^}]+}", "{}"))
          .put("authRequired", OperationSecurity.requiresCredentials(operation)));
    }
    return new JsonObject().put("endpointMap", map);
  }

  private static JsonObject locales() {
    JsonObject english = new JsonObject().put("name", "en").put("displayName", "English").put("repositoryId", "en");
    return new JsonObject().put("defaultLocale", english).put("items", new JsonArray().add(english));
  }
}
