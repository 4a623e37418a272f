/**
 * The OAuth surface ({@code /oauth/v2/*}, discovery): RFC 6749 errors, HTTP Basic or form client credentials, and
 * the token, introspection, revocation and JWKS endpoints in front of the service layer's {@code TokenService}.
 */
package dev.keygate.gateway.oauth;
