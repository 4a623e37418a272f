/**
 * What a failure means, independent of any wire format: the errors services raise and every surface (and the
 * {@code http} plumbing that classifies failures) maps. Depends on nothing else of the gateway.
 */
package dev.keygate.gateway.domain;
