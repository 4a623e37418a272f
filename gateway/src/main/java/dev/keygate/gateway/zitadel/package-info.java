/**
 * The ZITADEL v1 surfaces (system API under {@code /system/v1}, management API under {@code /management/v1}, the admin
 * API's events under {@code /admin/v1}, the auth API's "me" under {@code /auth/v1}): their handlers, authentication,
 * error catalogue and validation messages, wire-compatible with ZITADEL (see docs/wire/zitadel.md). Talks to services
 * only, never to a store.
 */
package dev.keygate.gateway.zitadel;
