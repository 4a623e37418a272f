package dev.keygate.gateway.service;

/** Where an authorized request acts: the caller's instance and the (header or caller's) organization. */
public record Scope(String instanceId, String orgId, String actorId) {}
