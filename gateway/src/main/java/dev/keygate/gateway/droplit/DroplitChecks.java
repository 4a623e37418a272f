package dev.keygate.gateway.droplit;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.RequestKeys;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.http.edge.JsonPosition;
import dev.keygate.gateway.http.edge.MalformedBodyException;
import dev.keygate.store.Lookup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Droplit's order of checks: after authorization, the query string, the path id, the body's presence and syntax,
 * then the body's fields in schema order; an id is looked up as soon as it is valid, before later fields are judged
 * (so a request with a deleted ecosystem and a bad type gets "Ecosystem Not Found"). The first failure answers.
 * The names of the errors come from the contract's {@code x-droplit-*} extensions.
 */
final class DroplitChecks {

  /** A lookup at a position in the order, answering an error or null. */
  record LookupStep(double rank, Supplier<Future<DroplitError>> run) {}

  static final double QUERY = 0;
  static final double QUERY_LOOKUP = 0.5;
  static final double PATH = 1;
  static final double PATH_LOOKUP = 1.5;
  static final double BODY_PRESENCE = 2;

  private final ApiContract contract;

  DroplitChecks(ApiContract contract) {
    this.contract = contract;
  }

  /** Rank of a body field's lookup: just after the field's own validation. */
  double bodyLookupRank(String operationId, String field) {
    return 3 + contract.propertyIndex(contract.requestBodySchema(operationId), field) + 0.5;
  }

  /** Runs violations and lookups in order; completes when all pass, fails with the first DroplitError otherwise. */
  Future<Void> run(RoutingContext rc, String operationId, List<LookupStep> lookups) {
    List<ContractViolation> found = rc.get(RequestKeys.VIOLATIONS);
    List<ContractViolation> violations = new ArrayList<>(found == null ? List.of() : found);
    violations.sort(Comparator.comparingDouble(v -> rank(operationId, v)));
    List<LookupStep> steps = new ArrayList<>(lookups);
    steps.sort(Comparator.comparingDouble(LookupStep::rank));
    double firstViolation = violations.isEmpty() ? Double.MAX_VALUE : rank(operationId, violations.get(0));
    Future<DroplitError> chain = Future.succeededFuture(null);
    for (LookupStep step : steps) {
      if (step.rank() > firstViolation) {
        break;
      }
      chain = chain.compose(error -> error != null ? Future.succeededFuture(error) : step.run().get());
    }
    return chain.compose(error -> {
      if (error != null) {
        return Future.failedFuture(new DroplitErrorException(error));
      }
      if (!violations.isEmpty()) {
        return Future.failedFuture(new DroplitErrorException(describe(rc, operationId, violations.get(0))));
      }
      Future<DroplitError> rest = Future.succeededFuture(null);
      for (LookupStep step : steps) {
        if (step.rank() > firstViolation) {
          rest = rest.compose(e -> e != null ? Future.succeededFuture(e) : step.run().get());
        }
      }
      return rest.compose(e -> e == null ? Future.<Void>succeededFuture()
          : Future.failedFuture(new DroplitErrorException(e)));
    });
  }

  /** 400 "... Invalid" for an id that never existed, 404 "... Not Found" for a removed or unreachable one. */
  static <T> DroplitError lookupError(Lookup<T> lookup, String entity, String name, String in, String value) {
    return switch (lookup.state()) {
      case FOUND -> null;
      case NEVER_EXISTED -> DroplitError.invalidParameters(entity + " Invalid",
          DroplitError.parameter(name, in, "invalid").put("value", value));
      case REMOVED, OTHER_TENANT -> DroplitError.notFound(entity + " Not Found",
          DroplitError.parameter(name, in, "notFound"));
    };
  }

  private double rank(String operationId, ContractViolation violation) {
    return switch (violation.kind()) {
      case NOT_ALLOWED -> QUERY;
      case CONTENT_TYPE, MISSING_BODY, MALFORMED_BODY -> BODY_PRESENCE;
      case SCHEMA -> switch (violation.in()) {
        case QUERY, HEADER -> QUERY;
        case PATH -> PATH;
        case BODY -> bodyFieldRank(operationId, violation);
      };
    };
  }

  private double bodyFieldRank(String operationId, ContractViolation violation) {
    String field = topField(violation.pointer());
    if (field.isEmpty()) {
      return BODY_PRESENCE;
    }
    if (violation.keyword().equals("additionalProperties")) {
      return 3 + 10_000; // unknown fields after every declared one
    }
    return 3 + contract.propertyIndex(contract.requestBodySchema(operationId), field);
  }

  private DroplitError describe(RoutingContext rc, String operationId, ContractViolation violation) {
    return switch (violation.kind()) {
      case NOT_ALLOWED -> DroplitError.invalidParameters(operationName(operationId, "x-droplit-query-error",
          "Query Field Not Allowed"), DroplitError.parameter(violation.name(), "query", "notAllowed"));
      case CONTENT_TYPE, MISSING_BODY -> bodyParametersMissing(operationId);
      case MALFORMED_BODY -> unreadableBody(operationId, rc.get(RequestKeys.BODY_MALFORMED));
      case SCHEMA -> switch (violation.in()) {
        case QUERY -> parameterError(rc, operationId, violation, "query");
        case PATH -> parameterError(rc, operationId, violation, "path");
        case HEADER -> parameterError(rc, operationId, violation, "header");
        case BODY -> bodyFieldError(rc, operationId, violation);
      };
    };
  }

  private DroplitError bodyFieldError(RoutingContext rc, String operationId, ContractViolation violation) {
    String field = topField(violation.pointer());
    if (field.isEmpty()) {
      return bodyParametersMissing(operationId);
    }
    JsonObject root = contract.requestBodySchema(operationId);
    JsonObject schema = contract.property(root, field);
    if (violation.keyword().equals("additionalProperties") || schema == null) {
      return DroplitError.invalidParameters("Body Field Not Allowed", DroplitError.parameter(field, "body",
          "notAllowed"));
    }
    if (violation.keyword().equals("required")) {
      return DroplitError.invalidParameters(schema.getString("x-droplit-missing", "Body Parameters Missing"),
          DroplitError.parameter(field, "body", "missing"));
    }
    JsonObject parameter = DroplitError.parameter(field, "body", "invalid").put("value", bodyValue(rc, field));
    JsonArray options = ApiContract.array(schema, "enum");
    if (!options.isEmpty()) {
      parameter.put("validOptions", options.copy());
    }
    return DroplitError.invalidParameters(schema.getString("x-droplit-invalid", "Body Parameters Invalid"),
        parameter);
  }

  private DroplitError parameterError(RoutingContext rc, String operationId, ContractViolation violation, String in) {
    JsonObject declared = contract.parameter(operationId, violation.name(), in);
    boolean missing = violation.keyword().equals("required");
    String name = declared == null ? null
        : declared.getString(missing ? "x-droplit-missing" : "x-droplit-invalid");
    JsonObject parameter = DroplitError.parameter(violation.name(), in, missing ? "missing" : "invalid");
    if (!missing) {
      parameter.put("value", in.equals("path") ? rc.pathParam(violation.name()) : rc.queryParams()
          .get(violation.name()));
    }
    return DroplitError.invalidParameters(name != null ? name : "Parameter Invalid", parameter);
  }

  /** "Body Parameters Missing" lists every required body parameter. */
  private DroplitError bodyParametersMissing(String operationId) {
    JsonObject root = contract.requestBodySchema(operationId);
    List<String> required = new ArrayList<>();
    ApiContract.array(root, "required").forEach(name -> required.add(name.toString()));
    JsonArray parameters = new JsonArray();
    required.forEach(name -> parameters.add(DroplitError.parameter(name, "body", "missing")));
    return new DroplitError(400, "InvalidParameters", "Body Parameters Missing", parameters, required);
  }

  /**
   * Droplit names no error for malformed JSON: it is "Body Parameters Missing", as a missing body is, and a first
   * parameter {@code body} says where the syntax broke.
   */
  private DroplitError unreadableBody(String operationId, MalformedBodyException malformed) {
    DroplitError missing = bodyParametersMissing(operationId);
    JsonPosition at = malformed.position();
    JsonArray parameters = new JsonArray().add(DroplitError.parameter("body", "body", "invalid")
        .put("value", "syntax error at line " + at.line() + ", column " + at.column()));
    parameters.addAll(missing.parameters());
    return new DroplitError(missing.status(), missing.error(), missing.message(), parameters, missing.required());
  }

  private String operationName(String operationId, String extension, String fallback) {
    return contract.openApi().operation(operationId).getExtensions().getOrDefault(extension, fallback).toString();
  }

  private static Object bodyValue(RoutingContext rc, String field) {
    return DecodedBody.objectOf(rc).getValue(field);
  }

  private static String topField(String pointer) {
    if (pointer == null || pointer.isEmpty()) {
      return "";
    }
    int next = pointer.indexOf('/', 1);
    return (next < 0 ? pointer.substring(1) : pointer.substring(1, next)).replace("~1", "/").replace("~0", "~");
  }
}
