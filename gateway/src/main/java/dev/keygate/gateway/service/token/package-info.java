/**
 * OAuth's side of the rules: the grants (client credentials, jwt-bearer), client authentication (secrets and signed
 * assertions), access tokens in both formats (sealed opaque and signed JWT), their verification and revocation, and
 * the server's signing keys.
 */
package dev.keygate.gateway.service.token;
