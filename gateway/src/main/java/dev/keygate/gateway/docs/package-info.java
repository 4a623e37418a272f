/**
 * The pages for people: the landing page at {@code /} and Swagger UI over the served contracts at {@code /docs}.
 * Like {@code /openapi/*} and {@code /healthz}, they sit beside the surfaces, on the gateway's fallback router.
 */
package dev.keygate.gateway.docs;
