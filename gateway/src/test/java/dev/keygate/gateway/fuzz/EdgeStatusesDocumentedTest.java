package dev.keygate.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.SingleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of every served contract lists, with its error schema, each status the HTTP edge can send for it
 * (http/EdgePolicy): 414, 417 and 431 on every operation, 413 and 415 on every method that takes a body. An operation
 * added later without them fails here, before the fuzzer has to find it.
 */
@SingleStore
class EdgeStatusesDocumentedTest {

  private static final Set<Integer> EVERY_OPERATION = Set.of(414, 417, 431);
  private static final Set<Integer> WITH_A_BODY = Set.of(413, 415);
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  @Test
  void everyOperationDocumentsTheEdgesStatuses() {
    List<String> missing = new ArrayList<>();
    List<ContractModel.Operation> operations = ContractModel.load().operations();
    for (ContractModel.Operation op : operations) {
      for (int status : EVERY_OPERATION) {
        if (!op.statuses().contains(status)) {
          missing.add(op + ": " + status);
        }
      }
      if (BODY_METHODS.contains(op.method().toUpperCase())) {
        for (int status : WITH_A_BODY) {
          if (!op.statuses().contains(status)) {
            missing.add(op + ": " + status);
          }
        }
      }
    }
    assertThat(operations).hasSizeGreaterThan(40);
    assertThat(missing).as("statuses the edge sends that the operation does not list").isEmpty();
  }
}
