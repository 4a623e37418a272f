package dev.keygate.gateway.http;

import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import java.util.List;

/** What the {@code security} of an operation in its contract asks of the caller. */
public final class OperationSecurity {

  private OperationSecurity() {}

  /**
   * Whether a caller must authenticate: the operation's security requirements (its own {@code security}, else the
   * contract's) name at least one, and none is the empty requirement {@code {}} that makes credentials optional. An
   * operation with {@code security: []} is public.
   */
  public static boolean requiresCredentials(Operation operation) {
    List<SecurityRequirement> requirements = operation.getSecurityRequirements();
    return !requirements.isEmpty() && requirements.stream().noneMatch(SecurityRequirement::isEmpty);
  }
}
