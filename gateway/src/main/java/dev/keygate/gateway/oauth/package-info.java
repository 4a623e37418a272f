/**
 * The OAuth surface ({@code /oauth/v2/*}, discovery): RFC 6749 errors, HTTP Basic or form client credentials,
 * ZITADEL's scope syntax, and the token, introspection (RFC 7662), revocation and JWKS endpoints in front of the
 * service layer's {@code TokenGrants}, {@code ClientAuthentication}, {@code AccessTokens} and
 * {@code TokenRevocation}. See docs/wire/oauth.md.
 */
package dev.keygate.gateway.oauth;
