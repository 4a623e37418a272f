package dev.keygate.gateway.zitadel.v2;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.service.Scope;
import dev.keygate.store.PageRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

/** What the v2 handlers read from a request, after validation and protojson's canonical reading. */
final class V2Requests {

  static final int DEFAULT_LIMIT = 100;

  private V2Requests() {}

  /** The request's body: a JSON object ({@code {}} for an empty one). */
  static JsonObject body(RoutingContext rc) {
    return DecodedBody.objectOf(rc);
  }

  /** The body as decoded, before validation: a JSON object, or {@code {}} when it is none. */
  static JsonObject rawBody(RoutingContext rc) {
    return DecodedBody.objectOf(rc);
  }

  /** Where the authorized request acts (the body's organization, else the caller's). */
  static Scope scope(RoutingContext rc) {
    return rc.get(RequestKeys.SCOPE);
  }

  /**
   * A list's paging: {@code pagination: {offset, limit, asc}} in the newer v2 services (projects, applications,
   * tokens, keys), {@code query} with the same fields in the older ones (users, organizations); offset and limit as
   * protojson reads them (numbers or decimal strings); newest first unless {@code asc}, as ZITADEL lists.
   */
  static PageRequest page(JsonObject body) {
    JsonObject pagination = body.getJsonObject("pagination", body.getJsonObject("query", new JsonObject()));
    long offset = number(pagination.getValue("offset"));
    long limit = number(pagination.getValue("limit"));
    return new PageRequest(null, offset, limit == 0 ? DEFAULT_LIMIT : (int) Math.min(limit, PageRequest.MAX_LIMIT),
        pagination.getBoolean("asc", false));
  }

  /**
   * Fails the request as {@code unimplemented} when it sends list filters under {@code field}, which Keygate does
   * not serve for this list yet; true when it sent none and the list can go on. A filter is never ignored.
   */
  static boolean unfiltered(RoutingContext rc, String field) {
    JsonArray filters = body(rc).getJsonArray(field);
    if (filters == null || filters.isEmpty()) {
      return true;
    }
    rc.fail(ConnectRefusal.unimplemented("Keygate does not filter this list yet: send no " + field));
    return false;
  }

  /**
   * Whether the organizations the list's filters name ({@link OrganizationFilters}) are at most the request's own:
   * when they name another as well, a listing that must be in each of them at once has nothing to show.
   */
  static boolean onlyScopeNamed(RoutingContext rc, String operationId) {
    Set<String> named = OrganizationFilters.named(operationId, body(rc));
    return named.isEmpty() || named.equals(Set.of(scope(rc).orgId()));
  }

  /** An optional RFC 3339 timestamp field; null when absent. */
  static Instant instant(JsonObject body, String field) {
    String text = body.getString(field);
    return text == null || text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
  }

  private static long number(Object value) {
    return value == null ? 0 : Long.parseLong(value.toString());
  }
}
