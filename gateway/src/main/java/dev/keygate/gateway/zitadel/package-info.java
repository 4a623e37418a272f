/**
 * The ZITADEL surfaces (system API v1 under {@code /system/v1}, management API v1 under {@code /management/v1}): their
 * handlers, authentication, error catalogue and validation messages, wire-compatible with ZITADEL (see
 * docs/wire/zitadel.md). Talks to services only, never to a store.
 */
package dev.keygate.gateway.zitadel;
