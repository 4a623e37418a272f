package dev.keygate.gateway.http.contract;

import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.protojson.ProtoJsonNormalizer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One surface's OpenAPI document, loaded from the {@code api-spec} resources once at start-up: the parsed contract,
 * a compiled {@link OperationValidator} per operation, the raw document (for the vendor extensions and rule
 * parameters that error messages quote) and the YAML bytes the gateway serves at {@code /openapi/{surface}.yaml}.
 * Immutable and shared by every event loop.
 */
public final class ApiContract {

  /** Document extension: an absent request body is validated as an empty object. */
  public static final String EMPTY_BODY_IS_EMPTY_OBJECT = "x-keygate-empty-body-is-empty-object";
  /** Document extension: query parameters an operation does not declare are refused. */
  public static final String REJECT_UNKNOWN_QUERY = "x-keygate-reject-unknown-query";

  private final String surface;
  private final byte[] yaml;
  private final JsonObject raw;
  private final OpenAPIContract contract;
  private final Map<String, OperationValidator> validators;
  /** Operation id → {path item, operation} of the raw document; error messages look these up per request. */
  private final Map<String, RawOperation> rawOperations = new HashMap<>();
  private final Map<String, JsonObject> bodySchemas = new HashMap<>();
  private final Map<String, ProtoJsonNormalizer> protoJsonReaders = new ConcurrentHashMap<>();

  private ApiContract(String surface, byte[] yaml, JsonObject raw, OpenAPIContract contract,
                      Map<String, OperationValidator> validators) {
    this.surface = surface;
    this.yaml = yaml;
    this.raw = raw;
    this.contract = contract;
    this.validators = validators;
    JsonObject paths = raw.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("operationId")) {
          rawOperations.put(operation.getString("operationId"), new RawOperation(item, operation));
        }
      }
    }
    for (String operationId : rawOperations.keySet()) {
      JsonObject body = resolve(rawOperations.get(operationId).operation().getJsonObject("requestBody"));
      if (body != null) {
        JsonObject content = body.getJsonObject("content");
        JsonObject media = content.getJsonObject("application/json", content.getJsonObject(MediaTypes.FORM));
        bodySchemas.put(operationId, resolve(media.getJsonObject("schema")));
      }
    }
  }

  /**
   * Two ways a vendor reads requests are declared at the document's root, as they belong to the vendor, not to an
   * operation: {@value #EMPTY_BODY_IS_EMPTY_OBJECT} (an absent body is validated as {@code {}}: ZITADEL's decoder
   * reads an empty body as a message with every field unset, so its errors name the first missing field) and
   * {@value #REJECT_UNKNOWN_QUERY} (query parameters the operation does not declare are a violation).
   *
   * @param surface the document's name, e.g. {@code zitadel-management} for {@code openapi/zitadel-management.yaml}
   */
  public static Future<ApiContract> load(Vertx vertx, String surface) {
    byte[] yaml = readResource("openapi/" + surface + ".yaml");
    LoaderOptions options = new LoaderOptions();
    Map<String, Object> tree = new Yaml(new SafeConstructor(options)).load(new String(yaml, StandardCharsets.UTF_8));
    JsonObject raw = new JsonObject(tree);
    boolean emptyBodyIsEmptyObject = raw.getBoolean(EMPTY_BODY_IS_EMPTY_OBJECT, false);
    boolean rejectUnknownQuery = raw.getBoolean(REJECT_UNKNOWN_QUERY, false);
    return OpenAPIContract.from(vertx, relativeServersAnchored(formBodiesAsOpaque(raw.copy()))).map(contract -> {
      ApiContract api = new ApiContract(surface, yaml, raw, contract, new HashMap<>()); // validators filled below
      SchemaCompiler compiler = new SchemaCompiler(api::resolve);
      for (Operation operation : contract.operations()) {
        api.validators.put(operation.getOperationId(),
            OperationValidator.compile(contract, operation, api, compiler, emptyBodyIsEmptyObject, rejectUnknownQuery));
      }
      return api;
    });
  }

  private static byte[] readResource(String name) {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("contract resource missing: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String surface() {
    return surface;
  }

  public byte[] yaml() {
    return yaml.clone();
  }

  public OpenAPIContract openApi() {
    return contract;
  }

  public OperationValidator validator(String operationId) {
    return validators.get(operationId);
  }

  /**
   * How protojson would read this operation's JSON body, compiled from its schema once (for surfaces whose vendor
   * decodes with protojson, see {@link SurfaceBinding#readsProtoJson()}); null when the operation takes no body.
   */
  public ProtoJsonNormalizer protoJson(String operationId) {
    JsonObject schema = requestBodySchema(operationId);
    return schema == null ? null
        : protoJsonReaders.computeIfAbsent(operationId, id -> ProtoJsonNormalizer.compile(schema, this::resolve));
  }

  /** A vendor extension of an operation, e.g. {@code x-keygate-permission}; null when absent. */
  public String operationExtension(Operation operation, String name) {
    Object value = operation.getExtensions().get(name);
    return value == null ? null : value.toString();
  }

  /**
   * The contracts name their server relatively ({@code url: /}), so that Swagger UI's "Try it out" calls the Keygate
   * that served them; vertx-openapi 5.0 accepts absolute URLs only and reads nothing but their path (the base path),
   * so it is handed the same path on a placeholder origin.
   */
  private static JsonObject relativeServersAnchored(JsonObject document) {
    JsonArray servers = document.getJsonArray("servers", new JsonArray());
    for (int i = 0; i < servers.size(); i++) {
      JsonObject server = servers.getJsonObject(i);
      String url = server.getString("url", "");
      if (url.startsWith("/")) {
        server.put("url", "http://localhost" + url);
      }
    }
    return document;
  }

  /**
   * vertx-openapi 5.0.10 refuses a contract with form bodies ("unsupported media type"), although routing needs no
   * more than paths and methods. The copy it is given therefore declares form bodies as application/octet-stream;
   * our {@link OperationValidator} works from the raw document, so form fields are still validated against their
   * schema, and the served contract keeps application/x-www-form-urlencoded.
   */
  private static JsonObject formBodiesAsOpaque(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation
            && operation.getJsonObject("requestBody") != null
            && operation.getJsonObject("requestBody").getJsonObject("content") != null) {
          JsonObject content = operation.getJsonObject("requestBody").getJsonObject("content");
          Object form = content.remove(MediaTypes.FORM);
          if (form != null) {
            content.put("application/octet-stream", form);
          }
        }
      }
    }
    return document;
  }

  /** The media types the raw contract declares for the operation's request body. */
  public Set<String> requestMediaTypes(String operationId) {
    JsonObject body = resolve(rawOperation(operationId).operation().getJsonObject("requestBody"));
    return body == null ? Set.of() : Set.copyOf(body.getJsonObject("content").fieldNames());
  }

  /** The JSON schema of the operation's request body from the raw document, or null when it has none. */
  public JsonObject requestBodySchema(String operationId) {
    rawOperation(operationId); // fails for an unknown operation
    return bodySchemas.get(operationId);
  }

  /** The raw parameter object (resolved), declared on the operation or on its path item; null when not declared. */
  public JsonObject parameter(String operationId, String name, String in) {
    RawOperation found = rawOperation(operationId);
    for (JsonObject owner : List.of(found.pathItem(), found.operation())) {
      JsonArray parameters = owner.getJsonArray("parameters");
      if (parameters == null) {
        continue;
      }
      for (Object entry : parameters) {
        JsonObject parameter = resolve((JsonObject) entry);
        if (name.equals(parameter.getString("name")) && in.equals(parameter.getString("in"))) {
          return parameter;
        }
      }
    }
    return null;
  }

  /** The raw schema of a parameter, declared on the operation or on its path item; null when not declared. */
  public JsonObject parameterSchema(String operationId, String name, String in) {
    JsonObject parameter = parameter(operationId, name, in);
    return parameter == null ? null : resolve(parameter.getJsonObject("schema"));
  }

  /** An operation and the path item it is declared in, as the raw document has them. */
  private record RawOperation(JsonObject pathItem, JsonObject operation) {}

  /** The operation's path item and the operation itself, from the raw document. */
  private RawOperation rawOperation(String operationId) {
    RawOperation found = rawOperations.get(operationId);
    if (found == null) {
      throw new IllegalArgumentException("no operation " + operationId + " in " + surface);
    }
    return found;
  }

  /** Follows an internal {@code $ref} ({@code #/components/...}) to the object it names. */
  public JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    while (current != null && current.containsKey("$ref")) {
      String ref = current.getString("$ref");
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only internal refs are supported: " + ref);
      }
      Object target = raw;
      for (String token : ref.substring(2).split("/")) {
        target = ((JsonObject) target).getValue(token.replace("~1", "/").replace("~0", "~"));
      }
      current = (JsonObject) target;
    }
    return current;
  }

  /** The schema of property {@code name} of an object schema, resolved; null when not declared. */
  public JsonObject property(JsonObject objectSchema, String name) {
    JsonObject properties = objectSchema == null ? null : objectSchema.getJsonObject("properties");
    return properties == null ? null : resolve(properties.getJsonObject(name));
  }

  /** The declared order of an object schema's properties (protobuf field order, where a vendor validates by it). */
  public int propertyIndex(JsonObject objectSchema, String name) {
    JsonObject properties = objectSchema == null ? null : objectSchema.getJsonObject("properties");
    if (properties == null) {
      return Integer.MAX_VALUE;
    }
    int index = 0;
    for (String field : properties.fieldNames()) {
      if (field.equals(name)) {
        return index;
      }
      index++;
    }
    return Integer.MAX_VALUE;
  }

  /** Convenience for array-valued schema keywords such as {@code enum}. */
  public static JsonArray array(JsonObject schema, String keyword) {
    Object value = schema == null ? null : schema.getValue(keyword);
    return value instanceof JsonArray array ? array : new JsonArray();
  }
}
