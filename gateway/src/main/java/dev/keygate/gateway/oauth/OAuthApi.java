package dev.keygate.gateway.oauth;

import dev.keygate.gateway.http.ApiContract;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.OperationValidator;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.service.TokenService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/**
 * The OAuth endpoints of {@code oauth.yaml}. The issuer is the URL the client called (scheme and authority), as each
 * ZITADEL instance is its own issuer; assertions must name it as their audience.
 */
public final class OAuthApi implements SurfaceBinding {

  private final ApiContract contract;
  private final TokenService tokens;
  private final OAuthFailureHandler failures = new OAuthFailureHandler();

  public OAuthApi(ApiContract contract, TokenService tokens) {
    this.contract = contract;
    this.tokens = tokens;
  }

  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    return null; // client authentication depends on the form, so each handler does it
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return switch (operation.getOperationId()) {
      case "Token" -> this::token;
      case "Introspect" -> this::introspect;
      case "Revoke" -> this::revoke;
      case "Keys" -> rc -> json(rc, tokens.jwks());
      case "Discovery" -> rc -> json(rc, discovery(issuer(rc)));
      default -> throw new IllegalStateException("no handler for " + operation.getOperationId());
    };
  }

  private void token(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    String scope = form.getString("scope");
    Future<TokenService.Issued> issued;
    if (TokenService.JWT_BEARER.equals(form.getString("grant_type"))) {
      issued = tokens.jwtBearer(form.getString("assertion"), scope, issuer(rc));
    } else {
      ClientCredentials client = ClientCredentials.of(rc, form);
      issued = tokens.clientCredentials(client.clientId(), client.secret(), scope, issuer(rc),
          InstanceHost.of(rc.request()));
    }
    issued.onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
        return;
      }
      rc.response().putHeader("pragma", "no-cache");
      json(rc, new JsonObject().put("access_token", done.result().accessToken()).put("token_type", "Bearer")
          .put("expires_in", done.result().expiresIn()));
    });
  }

  private void introspect(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    ClientCredentials client = ClientCredentials.of(rc, form);
    tokens.authenticateApp(client.clientId(), client.secret(), client.assertionType(), client.assertion(), issuer(rc))
        .compose(app -> tokens.introspect(app, form.getString("token")))
        .onComplete(done -> {
          if (done.failed()) {
            rc.fail(done.cause());
          } else {
            json(rc, done.result());
          }
        });
  }

  /** An API app, or a machine user with its secret, may revoke the tokens of its own instance. */
  private void revoke(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    ClientCredentials client = ClientCredentials.of(rc, form);
    tokens.authenticateApp(client.clientId(), client.secret(), client.assertionType(), client.assertion(), issuer(rc))
        .map(app -> app.instanceId())
        .recover(notAnApp -> client.assertion() != null ? Future.failedFuture(notAnApp)
            : tokens.authenticateMachine(client.clientId(), client.secret()))
        .compose(instanceId -> tokens.revoke(instanceId, form.getString("token")))
        .onComplete(done -> {
          if (done.failed()) {
            rc.fail(done.cause());
          } else {
            rc.response().setStatusCode(200).putHeader("cache-control", "no-store").end();
          }
        });
  }

  private static JsonObject discovery(String issuer) {
    return new JsonObject()
        .put("issuer", issuer)
        .put("token_endpoint", issuer + "/oauth/v2/token")
        .put("introspection_endpoint", issuer + "/oauth/v2/introspect")
        .put("revocation_endpoint", issuer + "/oauth/v2/revoke")
        .put("jwks_uri", issuer + "/oauth/v2/keys")
        .put("grant_types_supported", new JsonArray().add("client_credentials").add(TokenService.JWT_BEARER))
        .put("token_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
            .add("client_secret_post"))
        .put("introspection_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
            .add("client_secret_post").add("private_key_jwt"))
        .put("revocation_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
            .add("client_secret_post").add("private_key_jwt"))
        .put("response_types_supported", new JsonArray().add("token"))
        .put("subject_types_supported", new JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add("ES256"))
        .put("scopes_supported", new JsonArray().add("openid").add("profile"));
  }

  /** The issuer is where the client sent the request: scheme and authority, without a trailing slash. */
  static String issuer(RoutingContext rc) {
    return rc.request().scheme() + "://" + rc.request().authority();
  }

  private static void json(RoutingContext rc, JsonObject body) {
    rc.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(body.encode());
  }

  @Override
  public Handler<RoutingContext> failureHandler() {
    return failures;
  }

  @Override
  public void notFound(RoutingContext rc) {
    OAuthFailureHandler.send(rc, 404, "invalid_request", "no such endpoint");
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    OAuthFailureHandler.send(rc, 405, "invalid_request", "method not allowed");
  }

  public ApiContract contract() {
    return contract;
  }
}
