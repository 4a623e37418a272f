/**
 * The browser console at {@code /console}: static files from the jar (no Node at run time) that call the public APIs
 * with the bearer a person signs in with. Nothing here reads the store or answers an API call.
 */
package dev.keygate.gateway.console;
