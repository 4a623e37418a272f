/**
 * Contract-first HTTP plumbing shared by every surface: loading the OpenAPI documents, building routers from them,
 * validating requests with validators compiled once per operation, and the neutral {@link
 * dev.keygate.gateway.http.ContractViolation} each surface renders in its own vendor's error format. It knows the
 * domain's error types ({@code dev.keygate.gateway.domain}) and nothing of the services or the surfaces.
 */
package dev.keygate.gateway.http;
