package dev.keygate.gateway.oracle;

import static dev.keygate.gateway.oracle.OracleApi.principal;

import dev.keygate.gateway.http.BearerTokens;
import dev.keygate.gateway.http.InstanceHost;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.OperationValidator;
import dev.keygate.gateway.service.commerce.CommerceLogins;
import dev.keygate.gateway.service.commerce.CommerceSessions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Oracle's admin logins: with an application key (as bearer, {@code grant_type=client_credentials}) or a user's
 * password, then refresh and logout of the access token. The issuer of a token is the URL the client called.
 */
record LoginsEndpoint(CommerceLogins logins, CommerceSessions sessions, OracleFailureHandler failures)
    implements SurfaceEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "login" -> this::login;
      case "refresh" -> rc -> Replies.json(rc, 200,
          accessToken(rc, sessions.refresh(principal(rc), issuer(rc))).toBuffer());
      case "logout" -> rc -> Replies.json(rc, sessions.logout(principal(rc)),
          v -> new JsonObject().put("result", true));
      default -> null;
    };
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
      login = logins.loginWithKey(BearerTokens.of(rc), issuer(rc), InstanceHost.of(rc.request()));
    }
    Replies.json(rc, login, done -> accessToken(rc, done));
  }

  private static JsonObject accessToken(RoutingContext rc, CommerceSessions.Login login) {
    return OracleRenderer.accessToken(login, issuer(rc) + rc.request().path());
  }

  private static String issuer(RoutingContext rc) {
    return rc.request().scheme() + "://" + rc.request().authority();
  }
}
