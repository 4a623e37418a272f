/**
 * Oracle Commerce's model: application IDs and their keys, logins of applications and of users, and the sessions
 * those logins open.
 */
package dev.keygate.gateway.service.commerce;
