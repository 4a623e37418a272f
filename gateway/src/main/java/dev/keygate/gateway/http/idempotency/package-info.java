/**
 * The {@code Idempotency-Key} step of the pipeline: the header's syntax, the request's fingerprint, and the handler
 * that claims the key, replays a remembered answer, and remembers a successful one before it is sent.
 */
package dev.keygate.gateway.http.idempotency;
