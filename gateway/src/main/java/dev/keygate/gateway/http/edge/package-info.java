/**
 * The HTTP edge, before any route: limits on URIs, headers and bodies, framing (Transfer-Encoding, Expect), strict
 * JSON (depth, duplicate keys), form fields, request ids, and what the HTTP decoder refused, each answered in the
 * shape of the surface that owns the path.
 */
package dev.keygate.gateway.http.edge;
