package dev.keygate.gateway.oauth;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.Issuer;
import dev.keygate.gateway.http.OperationSecurity;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.contract.OperationValidator;
import dev.keygate.gateway.service.token.AccessTokens;
import dev.keygate.gateway.service.token.ClientAuthentication;
import dev.keygate.gateway.service.token.SigningKeys;
import dev.keygate.gateway.service.token.TokenGrants;
import dev.keygate.gateway.service.token.TokenRevocation;
import dev.keygate.store.ApiApp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/**
 * The OAuth endpoints of {@code oauth.yaml}. The issuer is the URL the client called (scheme and authority), as each
 * ZITADEL instance is its own issuer; assertions must name it as their audience.
 */
public final class OAuthApi implements SurfaceBinding {

  /** RFC 7523's grant type, the one besides {@code client_credentials}. */
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  /** RFC 7523's client assertion type, which private_key_jwt client authentication names. */
  private static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final TokenGrants grants;
  private final ClientAuthentication clients;
  private final AccessTokens accessTokens;
  private final TokenRevocation revocation;
  private final SigningKeys signingKeys;
  private final OAuthFailureHandler failures = new OAuthFailureHandler();

  public OAuthApi(TokenGrants grants, ClientAuthentication clients, AccessTokens accessTokens,
                  TokenRevocation revocation, SigningKeys signingKeys) {
    this.grants = grants;
    this.clients = clients;
    this.accessTokens = accessTokens;
    this.revocation = revocation;
    this.signingKeys = signingKeys;
  }

  /**
   * None: client authentication depends on the form, so each handler does it. The contract agrees (credentials are
   * optional or none on every operation); one that made them required would have no step to check them.
   */
  @Override
  public Handler<RoutingContext> authenticate(Operation operation) {
    if (OperationSecurity.requiresCredentials(operation)) {
      throw new IllegalStateException(operation.getOperationId() + ": the contract requires credentials, which "
          + "the OAuth endpoints check in their handlers");
    }
    return null;
  }

  @Override
  public Handler<RoutingContext> handle(Operation operation) {
    return switch (operation.getOperationId()) {
      case "Token" -> this::token;
      case "Introspect" -> this::introspect;
      case "Revoke" -> this::revoke;
      case "Keys" -> rc -> json(rc, signingKeys.jwks());
      case "Discovery" -> rc -> json(rc, Discovery.of(issuer(rc)));
      default -> throw new IllegalStateException("no handler for " + operation.getOperationId());
    };
  }

  private void token(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    String scope = form.getString("scope");
    Future<TokenGrants.Issued> issued;
    if (JWT_BEARER.equals(form.getString("grant_type"))) {
      issued = grants.jwtBearer(form.getString("assertion"), scope, issuer(rc), InstanceHost.of(rc.request()));
    } else {
      ClientCredentials client = ClientCredentials.of(rc, form);
      issued = grants.clientCredentials(client.clientId(), client.secret(), scope, issuer(rc),
          InstanceHost.of(rc.request()));
    }
    issued.onComplete(done -> {
      if (done.failed()) {
        rc.fail(done.cause());
        return;
      }
      rc.response().putHeader("pragma", "no-cache");
      json(rc, tokenResponse(done.result()));
    });
  }

  private void introspect(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    authenticateApp(ClientCredentials.of(rc, form), issuer(rc))
        .compose(app -> accessTokens.introspect(app, form.getString("token")))
        .onComplete(done -> {
          if (done.failed()) {
            rc.fail(done.cause());
          } else {
            json(rc, Introspection.json(done.result()));
          }
        });
  }

  /** An API app, or a machine user with its secret, may revoke the tokens of its own instance. */
  private void revoke(RoutingContext rc) {
    JsonObject form = OperationValidator.formOf(rc);
    ClientCredentials client = ClientCredentials.of(rc, form);
    Future<String> revoker = client.assertion() == null && client.assertionType() == null
        ? clients.revokerBySecret(client.clientId(), client.secret())
        : authenticateApp(client, issuer(rc)).map(ApiApp::instanceId);
    revoker.compose(instanceId -> revocation.revoke(instanceId, form.getString("token")))
        .onComplete(done -> {
          if (done.failed()) {
            rc.fail(done.cause());
          } else {
            rc.response().setStatusCode(200).putHeader("cache-control", "no-store").end();
          }
        });
  }

  /** private_key_jwt when the request carries an assertion or its type (it must be RFC 7523's), else the secret. */
  private Future<ApiApp> authenticateApp(ClientCredentials client, String issuer) {
    if (client.assertion() == null && client.assertionType() == null) {
      return clients.appBySecret(client.clientId(), client.secret());
    }
    if (!CLIENT_ASSERTION_TYPE.equals(client.assertionType()) || client.assertion() == null) {
      return Future.failedFuture(ClientAuthentication.refused());
    }
    return clients.appByAssertion(client.assertion(), issuer);
  }

  /** The issuer is where the client sent the request: scheme and authority, without a trailing slash. */
  static String issuer(RoutingContext rc) {
    return Issuer.of(rc.request());
  }

  private static void json(RoutingContext rc, JsonObject body) {
    json(rc, body.encode());
  }

  private static void json(RoutingContext rc, String body) {
    rc.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store").end(body);
  }

  /**
   * RFC 6749 5.1's answer, written directly: the hottest answer of all, where encoding a JsonObject (generator,
   * buffers, a copy of the long token) took a tenth of a grant's CPU in a JFR profile. Same fields, same order.
   */
  static String tokenResponse(TokenGrants.Issued issued) {
    String token = issued.accessToken();
    String quoted = needsNoEscape(token) ? token : String.valueOf(JsonStringEncoder.getInstance().quoteAsString(token));
    return "{\"access_token\":\"" + quoted + "\",\"token_type\":\"Bearer\",\"expires_in\":" + issued.expiresIn()
        + "}";
  }

  /** Printable ASCII without quote or backslash, as every token Keygate issues is (base64url, dots). */
  private static boolean needsNoEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  @Override
  public Handler<RoutingContext> failureHandler() {
    return failures;
  }

  @Override
  public void notFound(RoutingContext rc) {
    OAuthFailureHandler.send(rc, 404, OAuthError.INVALID_REQUEST, "no such endpoint");
  }

  @Override
  public void methodNotAllowed(RoutingContext rc) {
    OAuthFailureHandler.send(rc, 405, OAuthError.INVALID_REQUEST, "method not allowed");
  }
}
