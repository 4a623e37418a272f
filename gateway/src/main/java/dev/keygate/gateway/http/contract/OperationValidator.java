package dev.keygate.gateway.http.contract;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.RequestKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates requests of one operation against its contract: path, query and header parameters, the body's presence,
 * media type and schema. Every schema is compiled once, when the gateway starts, by {@link SchemaCompiler}, or, only
 * for a schema with keywords it does not implement, by vertx-json-schema; either is reused by every request on every
 * event loop; nothing here blocks or hops to a worker thread.
 */
public final class OperationValidator {

  private static final Logger LOG = LoggerFactory.getLogger(OperationValidator.class);

  /** Exactly one of {@code compiled} and {@code validator} (vertx-json-schema, for what we cannot compile) is set. */
  private record ParameterCheck(String name, ContractViolation.In in, boolean required, SchemaType type,
                                Validator validator, CompiledSchema compiled) {}

  private final List<ParameterCheck> parameters;
  private final boolean hasBody;
  private final Validator bodyValidator;
  private final CompiledSchema compiledBody;
  private final boolean bodyRequired;
  private final Set<String> mediaTypes;
  private final boolean emptyBodyIsEmptyObject;
  /** Declared query parameter names, or null when undeclared ones are tolerated. */
  private final Set<String> allowedQuery;

  private OperationValidator(List<ParameterCheck> parameters, boolean hasBody, Validator bodyValidator,
                             CompiledSchema compiledBody, boolean bodyRequired, Set<String> mediaTypes,
                             boolean emptyBodyIsEmptyObject, Set<String> allowedQuery) {
    this.parameters = parameters;
    this.hasBody = hasBody;
    this.bodyValidator = bodyValidator;
    this.compiledBody = compiledBody;
    this.bodyRequired = bodyRequired;
    this.mediaTypes = mediaTypes;
    this.emptyBodyIsEmptyObject = emptyBodyIsEmptyObject;
    this.allowedQuery = allowedQuery;
  }

  /**
   * @param emptyBodyIsEmptyObject validate an absent body as {@code {}} (ZITADEL's decoder reads an empty body as a
   *                               message with every field unset, so its errors name the first missing field)
   */
  static OperationValidator compile(OpenAPIContract contract, Operation operation, ApiContract raw,
                                    SchemaCompiler compiler, boolean emptyBodyIsEmptyObject,
                                    boolean rejectUnknownQuery) {
    SchemaRepository schemas = contract.getSchemaRepository();
    String operationId = operation.getOperationId();
    List<ParameterCheck> checks = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      ContractViolation.In in = switch (parameter.getIn()) {
        case PATH -> ContractViolation.In.PATH;
        case QUERY -> ContractViolation.In.QUERY;
        case HEADER -> ContractViolation.In.HEADER;
        default -> throw new IllegalStateException("unsupported parameter location " + parameter.getIn()
            + " in " + operation.getOperationId());
      };
      CompiledSchema compiled = compileOrNull(compiler,
          raw.parameterSchema(operationId, parameter.getName(), parameter.getIn().toString().toLowerCase()));
      checks.add(new ParameterCheck(parameter.getName(), in, parameter.isRequired()
          || parameter.getIn() == Location.PATH,
          parameter.getSchemaType(), compiled == null ? schemas.validator(parameter.getSchema()) : null, compiled));
    }
    Validator body = null;
    CompiledSchema compiledBody = null;
    boolean required = false;
    Set<String> types = new HashSet<>();
    if (operation.getRequestBody() != null) {
      Map<String, MediaType> content = operation.getRequestBody().getContent();
      Set<String> declared = raw.requestMediaTypes(operationId); // the contract's own, see ApiContract
      if (declared.size() != 1 || content.size() != 1
          || !(declared.contains("application/json") || declared.contains(MediaTypes.FORM))) {
        throw new IllegalStateException(operation.getOperationId()
            + ": a body is either application/json or application/x-www-form-urlencoded");
      }
      compiledBody = compileOrNull(compiler, raw.requestBodySchema(operationId));
      body = compiledBody == null ? schemas.validator(content.values().iterator().next().getSchema()) : null;
      required = operation.getRequestBody().isRequired();
      types.addAll(declared);
    }
    Set<String> query = rejectUnknownQuery ? Set.copyOf(checks.stream()
        .filter(c -> c.in() == ContractViolation.In.QUERY).map(ParameterCheck::name).toList()) : null;
    return new OperationValidator(List.copyOf(checks), operation.getRequestBody() != null, body, compiledBody, required,
        Set.copyOf(types), emptyBodyIsEmptyObject, query);
  }

  /** Our compiled form of a schema, or null (vertx-json-schema then validates it) when it uses other keywords. */
  private static CompiledSchema compileOrNull(SchemaCompiler compiler, JsonObject schema) {
    if (schema == null) {
      return null;
    }
    try {
      return compiler.compile(schema);
    } catch (SchemaCompiler.Unsupported e) {
      LOG.info("{}; vertx-json-schema validates this schema", e.getMessage());
      return null;
    }
  }

  /** True when every schema of this operation runs on the compiled validator (no vertx-json-schema fallback). */
  boolean fullyCompiled() {
    return bodyValidator == null && parameters.stream().allMatch(p -> p.compiled() != null);
  }

  /** Every violation of the request, or an empty list when it keeps its contract. */
  public List<ContractViolation> validate(RoutingContext rc) {
    List<ContractViolation> violations = null;
    if (allowedQuery != null && !rc.queryParams().isEmpty()) {
      for (String name : rc.queryParams().names()) {
        if (!allowedQuery.contains(name)) {
          violations = add(violations, List.of(ContractViolation.notAllowed(name)));
        }
      }
    }
    for (ParameterCheck check : parameters) {
      String raw = switch (check.in()) {
        case PATH -> rc.pathParam(check.name());
        case QUERY -> rc.queryParams().get(check.name());
        default -> rc.request().getHeader(check.name());
      };
      List<ContractViolation> found = validateParameter(check, raw);
      if (!found.isEmpty()) {
        violations = add(violations, found);
      }
    }
    if (hasBody) {
      List<ContractViolation> found = validateBody(rc);
      if (!found.isEmpty()) {
        violations = add(violations, found);
      }
    }
    return violations == null ? List.of() : violations;
  }

  /** The decoded body, with an absent one read as {@code {}} where the surface wants that. */
  public Object bodyOf(RoutingContext rc) {
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    if (decoded != null) {
      return decoded.value();
    }
    return emptyBodyIsEmptyObject ? new JsonObject() : null;
  }

  private List<ContractViolation> validateParameter(ParameterCheck check, String raw) {
    if (raw == null) {
      return check.required()
          ? List.of(ContractViolation.parameter(check.in(), check.name(), "required"))
          : List.of();
    }
    Object value = raw;
    try {
      if (check.type() == SchemaType.INTEGER) {
        value = Long.parseLong(raw);
      } else if (check.type() == SchemaType.NUMBER) {
        value = Double.parseDouble(raw);
      } else if (check.type() == SchemaType.BOOLEAN) {
        if (!raw.equals("true") && !raw.equals("false")) {
          throw new NumberFormatException(raw);
        }
        value = Boolean.parseBoolean(raw);
      }
    } catch (NumberFormatException e) {
      return List.of(ContractViolation.parameter(check.in(), check.name(), "type"));
    }
    List<ContractViolation> leaves;
    if (check.compiled() != null) {
      leaves = new ArrayList<>(1);
      check.compiled().validate(value, "", leaves);
    } else {
      OutputUnit result = check.validator().validate(value);
      leaves = Boolean.TRUE.equals(result.getValid()) ? List.of() : SchemaErrors.leaves(result);
    }
    if (leaves.isEmpty()) {
      return List.of();
    }
    List<ContractViolation> out = new ArrayList<>();
    for (ContractViolation leaf : leaves) {
      out.add(ContractViolation.parameter(check.in(), check.name(), leaf.keyword()));
    }
    return out;
  }

  private List<ContractViolation> validateBody(RoutingContext rc) {
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    boolean present = rc.body().length() > 0;
    if (!present) {
      if (emptyBodyIsEmptyObject) {
        return schemaViolations(new JsonObject());
      }
      return bodyRequired
          ? List.of(ContractViolation.missingBody())
          : List.of();
    }
    if (rc.get(RequestKeys.BODY_MALFORMED) != null) {
      return List.of(ContractViolation.malformedBody());
    }
    String mediaType = MediaTypes.essence(rc.request().getHeader("content-type"));
    if (MediaTypes.FORM.equals(mediaType) && mediaTypes.contains(mediaType)) {
      return schemaViolations(formOf(rc));
    }
    if (decoded == null || mediaType == null || !mediaTypes.contains(mediaType)) {
      return List.of(ContractViolation.contentType());
    }
    return schemaViolations(decoded.value());
  }

  /** A form body as the object its schema describes: every field a string (a repeated field keeps its first value). */
  public static JsonObject formOf(RoutingContext rc) {
    JsonObject form = new JsonObject();
    rc.request().formAttributes().forEach(entry -> {
      if (!form.containsKey(entry.getKey())) {
        form.put(entry.getKey(), entry.getValue());
      }
    });
    return form;
  }

  private List<ContractViolation> schemaViolations(Object value) {
    if (compiledBody != null) {
      List<ContractViolation> out = new ArrayList<>(0);
      compiledBody.validate(value, "", out);
      return out;
    }
    OutputUnit result = bodyValidator.validate(value);
    return Boolean.TRUE.equals(result.getValid()) ? List.of() : SchemaErrors.leaves(result);
  }

  private static List<ContractViolation> add(List<ContractViolation> to, List<ContractViolation> found) {
    List<ContractViolation> list = to == null ? new ArrayList<>() : to;
    list.addAll(found);
    return list;
  }
}
