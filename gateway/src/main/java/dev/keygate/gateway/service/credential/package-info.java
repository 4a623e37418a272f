/**
 * What every credential check shares: the cache of verified credentials (emptied by the store's change feed), the
 * instance hosts a credential may be used on, each credential's last use (written in batches, off the request path),
 * and the tarpit that slows down failed client authentications.
 */
package dev.keygate.gateway.service.credential;
