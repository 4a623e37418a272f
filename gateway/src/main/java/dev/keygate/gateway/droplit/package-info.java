/**
 * The Droplit surface ({@code /api/ecosystems}, {@code /api/clients}): raw-token authentication, Droplit's named
 * errors in one documented structure, and its order of checks (shared/reference/oracle-droplit.md, part B). Talks to
 * services only.
 */
package dev.keygate.gateway.droplit;
