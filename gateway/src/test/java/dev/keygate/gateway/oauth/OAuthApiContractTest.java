package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OAuth endpoints authenticate clients in their handlers, so their contract may not make credentials required. */
class OAuthApiContractTest {

  @Test
  void anOperationWhoseContractRequiresCredentialsFailsTheStart() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = OpenAPIContract.from(vertx, new JsonObject()
          .put("openapi", "3.0.3")
          .put("info", new JsonObject().put("title", "t").put("version", "1"))
          .put("components", new JsonObject().put("securitySchemes", new JsonObject()
              .put("basicAuth", new JsonObject().put("type", "http").put("scheme", "basic"))))
          .put("paths", new JsonObject().put("/token", new JsonObject()
              .put("post", operation("Optional", new JsonArray().add(basic()).add(new JsonObject()))))
              .put("/keys", new JsonObject().put("get", operation("Public", new JsonArray())))
              .put("/introspect", new JsonObject().put("post", operation("Required", new JsonArray().add(basic()))))))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      OAuthApi api = new OAuthApi(null, null, null, null, null);

      assertThat(api.authenticate(contract.operation("Optional"))).isNull();
      assertThat(api.authenticate(contract.operation("Public"))).isNull();
      Operation required = contract.operation("Required");
      assertThatThrownBy(() -> api.authenticate(required)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Required");
    } finally {
      vertx.close();
    }
  }

  private static JsonObject basic() {
    return new JsonObject().put("basicAuth", new JsonArray());
  }

  private static JsonObject operation(String id, JsonArray security) {
    return new JsonObject().put("operationId", id).put("security", security)
        .put("responses", new JsonObject().put("200", new JsonObject().put("description", "ok")));
  }
}
