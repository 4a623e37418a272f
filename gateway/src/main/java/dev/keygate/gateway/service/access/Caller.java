package dev.keygate.gateway.service.access;

import dev.keygate.store.User;
import java.util.Set;

/** An authenticated user: the instance its token belongs to, its own organization and memberships. */
public record Caller(String instanceId, String userId, String orgId, Set<User.Role> roles) {}
