package dev.keygate.gateway.http.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON schema from a contract compiled into a tree of checks: one node per schema, built once at start-up by
 * {@link SchemaCompiler}. Validating walks the value once, allocates nothing on success, and reports violations as
 * {@link ContractViolation}s (pointer and keyword), the same neutral form the vertx-json-schema path produces.
 */
interface CompiledSchema {

  /** Adds every violation of {@code value} (found at JSON pointer {@code pointer}) to {@code out}. */
  void validate(Object value, String pointer, List<ContractViolation> out);

  /** True when {@code value} keeps the schema: {@link #validate} run once, its findings only counted. */
  default boolean accepts(Object value) {
    List<ContractViolation> out = new ArrayList<>(1);
    validate(value, "", out);
    return out.isEmpty();
  }
}
