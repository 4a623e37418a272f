/**
 * Who calls and what they may do: a bearer (a PAT or an access token) becomes a {@code Caller} of one instance and
 * organization, and {@code Permissions} answers whether its roles allow an operation's permission.
 */
package dev.keygate.gateway.service.access;
