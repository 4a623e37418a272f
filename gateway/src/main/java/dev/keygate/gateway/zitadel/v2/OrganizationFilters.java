package dev.keygate.gateway.zitadel.v2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organizations a v2 list request names in its filters, which choose whose objects it lists: ListProjects'
 * {@code organizationIdFilter} (v2beta: {@code projectResourceOwnerFilter} and {@code projectOrganizationIdFilter}),
 * ListUsers' {@code organizationIdQuery}. The authorizer checks them as it checks a body's {@code organizationId}, so
 * an organization the caller may not see is refused the same way. It reads the body before validation, where
 * protojson allows either spelling of a name (lowerCamelCase or the proto's snake_case) and a value may be of any
 * type; the endpoints read it after, in its canonical form, where the same reading finds the same organizations.
 */
final class OrganizationFilters {

  /** One place an organization id sits: {@code list[].filter.field}. */
  private record Place(String list, String filter, String field) {}

  private static final Map<String, List<Place>> BY_OPERATION = Map.of(
      ProjectsV2Endpoint.V2 + "ListProjects", List.of(new Place("filters", "organizationIdFilter", "organizationId")),
      ProjectsV2Endpoint.BETA + "ListProjects", List.of(new Place("filters", "projectResourceOwnerFilter", "id"),
          new Place("filters", "projectOrganizationIdFilter", "id")),
      UsersV2Endpoint.V2 + "ListUsers", List.of(new Place("queries", "organizationIdQuery", "organizationId")));

  private OrganizationFilters() {}

  /** The distinct organizations the filters of {@code operationId}'s {@code body} name, in their order. */
  static Set<String> named(String operationId, JsonObject body) {
    Set<String> orgs = new LinkedHashSet<>();
    for (Place place : BY_OPERATION.getOrDefault(operationId, List.of())) {
      for (Object entry : array(body, place.list())) {
        if (entry instanceof JsonObject filter && field(filter, place.filter()) instanceof JsonObject named
            && field(named, place.field()) instanceof String id && !id.isEmpty()) {
          orgs.add(id);
        }
      }
    }
    return orgs;
  }

  /** Whether {@code filter}, an entry of the list, is one of those that name an organization. */
  static boolean namesOrganization(String operationId, JsonObject filter) {
    for (Place place : BY_OPERATION.getOrDefault(operationId, List.of())) {
      if (field(filter, place.filter()) != null) {
        return true;
      }
    }
    return false;
  }

  private static Iterable<Object> array(JsonObject body, String name) {
    return field(body, name) instanceof JsonArray array ? array : new JsonArray();
  }

  /** A field by its JSON name or its proto name. */
  private static Object field(JsonObject object, String jsonName) {
    Object value = object.getValue(jsonName);
    return value != null ? value : object.getValue(protoName(jsonName));
  }

  /** {@code organizationIdFilter} → {@code organization_id_filter}. */
  static String protoName(String jsonName) {
    StringBuilder name = new StringBuilder();
    for (char c : jsonName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        name.append('_').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }
}
