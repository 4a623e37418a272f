/**
 * The contracts as the pipeline uses them: loading an OpenAPI document ({@code ApiContract}), validators compiled
 * once per operation ({@code SchemaCompiler}, {@code OperationValidator}) and the neutral {@code ContractViolation}
 * each surface renders in its vendor's error format.
 */
package dev.keygate.gateway.http.contract;
