/**
 * ZITADEL's v2 services (user, project, application, organization, instance) as ConnectRPC serves them: one
 * {@code POST /zitadel.<package>.<Service>/<Method>} per method, Connect's unary JSON on the wire, errors in
 * Connect's shape. The operations run through the same pipeline as every surface and act on the same objects as the
 * v1 APIs ({@code dev.keygate.gateway.zitadel}), whose error catalogue and authentication they share.
 */
package dev.keygate.gateway.zitadel.v2;
