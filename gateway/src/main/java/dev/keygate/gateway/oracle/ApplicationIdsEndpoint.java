package dev.keygate.gateway.oracle;

import static dev.keygate.gateway.oracle.OracleApi.principal;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.service.commerce.CommerceApplications;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Oracle's {@code /applicationIds}: list, create, get, update and delete application IDs, and regenerate a key. */
final class ApplicationIdsEndpoint implements SurfaceEndpoint {

  private static final String LIST = "getApplicationIDs";

  private final CommerceApplications applications;
  /** The page the contract gives a list that names none. */
  private final int defaultLimit;
  private final long defaultOffset;

  ApplicationIdsEndpoint(ApiContract contract, CommerceApplications applications) {
    this.applications = applications;
    this.defaultLimit = queryDefault(contract, "limit").intValue();
    this.defaultOffset = queryDefault(contract, "offset").longValue();
  }

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case LIST -> this::list;
      case "createApplicationID" -> rc -> {
        JsonObject body = DecodedBody.objectOf(rc);
        Replies.json(rc, applications.create(principal(rc), body.getString("name"), body.getString("type"),
            body.getInteger("lifetimeDays")), created -> OracleRenderer.applicationId(created.application(),
            created.key()));
      };
      case "getApplicationID" -> rc -> Replies.json(rc, applications.get(principal(rc), rc.pathParam("id"),
          rc.queryParams().get("type")), OracleRenderer::applicationId);
      case "updateApplicationID" -> rc -> {
        JsonObject body = DecodedBody.objectOf(rc);
        Replies.json(rc, applications.update(principal(rc), rc.pathParam("id"), body.getString("name"),
            body.getString("type"), body.getInteger("lifetimeDays")), OracleRenderer::applicationId);
      };
      case "deleteApplicationID" -> rc -> Replies.json(rc, applications.remove(principal(rc), rc.pathParam("id"),
          rc.queryParams().get("type")), removed -> new JsonObject());
      case "appIdOperation" -> rc -> {
        JsonObject body = DecodedBody.objectOf(rc);
        Replies.json(rc, applications.newKey(principal(rc), rc.pathParam("id"), body.getInteger("lifetimeDays"),
            previousValidFor(body)), OracleRenderer::newKey);
      };
      default -> null;
    };
  }

  private void list(RoutingContext rc) {
    String type = rc.queryParams().get("type");
    int limit = rc.queryParams().contains("limit") ? Integer.parseInt(rc.queryParams().get("limit")) : defaultLimit;
    long offset = rc.queryParams().contains("offset") ? Long.parseLong(rc.queryParams().get("offset"))
        : defaultOffset;
    Replies.json(rc, applications.list(principal(rc), type, limit, offset),
        page -> OracleRenderer.applicationIds(page, offset, limit));
  }

  /** Keygate's overlap on genAuthToken: whole seconds the old key keeps working; the contract bounds it. */
  private static Duration previousValidFor(JsonObject body) {
    Long seconds = body.getLong("previousTokenValidSeconds");
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  private static Number queryDefault(ApiContract contract, String parameter) {
    JsonObject schema = contract.parameterSchema(LIST, parameter, "query");
    Object value = schema == null ? null : schema.getValue("default");
    if (!(value instanceof Number number)) {
      throw new IllegalStateException(LIST + ": the contract gives query parameter " + parameter + " no default");
    }
    return number;
  }
}
