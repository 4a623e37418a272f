/**
 * The rules of {@code Idempotency-Key}: claims with a lease, replays of the first answer to the same request in the
 * same scope, and the sealing of remembered answers (which can hold secrets) under a key of the server's.
 */
package dev.keygate.gateway.service.idempotency;
