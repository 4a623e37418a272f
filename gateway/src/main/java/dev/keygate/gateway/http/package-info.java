/**
 * Contract-first HTTP plumbing shared by every surface. The root holds the pipeline and its SPI: routers built from a
 * contract ({@code ContractRouter}, {@code PathDispatch}), what a surface plugs in ({@code SurfaceBinding}, the
 * failure-handler skeleton {@code SurfaceFailureHandler}), the request's decoded body and instance host, and
 * {@code Replies}. Each step has its room: {@code contract}, {@code protojson}, {@code edge}, {@code idempotency}. It
 * knows the domain's error types ({@code dev.keygate.gateway.domain}) and nothing of the services or the surfaces.
 */
package dev.keygate.gateway.http;
