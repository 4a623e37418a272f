/**
 * The Oracle Commerce admin surface ({@code /ccadmin/v1}): application IDs, the admin logins, and the registry and
 * locales Oracle's DCU asks for; every failure in Oracle's errorModel.
 */
package dev.keygate.gateway.oracle;
