/**
 * The Droplit surface ({@code /api/ecosystems}, {@code /api/clients}): raw-token authentication, Droplit's named
 * errors in one documented structure, and its order of checks (see docs/wire/droplit.md). Talks to services only.
 */
package dev.keygate.gateway.droplit;
