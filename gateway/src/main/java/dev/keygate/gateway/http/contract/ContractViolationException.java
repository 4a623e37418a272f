package dev.keygate.gateway.http.contract;

import java.util.List;

/** The request broke its operation's contract; carries every violation found, most specific first. */
public final class ContractViolationException extends RuntimeException {

  private final List<ContractViolation> violations;
  private final Object body;

  public ContractViolationException(List<ContractViolation> violations, Object body) {
    super("request violates its contract", null, false, false);
    this.violations = List.copyOf(violations);
    this.body = body;
  }

  public List<ContractViolation> violations() {
    return violations;
  }

  /** The decoded body that was validated (for messages that quote a value); may be null. */
  public Object body() {
    return body;
  }
}
