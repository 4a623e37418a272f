/**
 * The Oracle Commerce admin surface ({@code /ccadmin/v1}): application IDs, the admin logins, and the registry and
 * locales Oracle's DCU asks for; every failure in Oracle's errorModel; and the claim names of Oracle's admin tokens
 * ({@link dev.keygate.gateway.oracle.OracleTokenClaims}), which the commerce services are given. See
 * docs/wire/oracle.md.
 */
package dev.keygate.gateway.oracle;
