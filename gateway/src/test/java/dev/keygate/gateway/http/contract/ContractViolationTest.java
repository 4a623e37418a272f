package dev.keygate.gateway.http.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.http.contract.ContractViolation.In;
import dev.keygate.gateway.http.contract.ContractViolation.Kind;
import org.junit.jupiter.api.Test;

/** The factories: what each kind carries, and that only a schema violation names a JSON-schema keyword. */
class ContractViolationTest {

  @Test
  void aBodyValueIsNamedByItsPointersLastTokenUnescaped() {
    assertThat(ContractViolation.body("/machine/a~1b~0c", "maxLength"))
        .isEqualTo(new ContractViolation(Kind.SCHEMA, In.BODY, "a/b~c", "/machine/a~1b~0c", "maxLength"));
    assertThat(ContractViolation.body("", "type").name()).isEmpty();
  }

  @Test
  void aParameterHasNoPointer() {
    assertThat(ContractViolation.parameter(In.QUERY, "limit", "maximum"))
        .isEqualTo(new ContractViolation(Kind.SCHEMA, In.QUERY, "limit", "", "maximum"));
    assertThatThrownBy(() -> ContractViolation.parameter(In.BODY, "name", "required"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keygatesOwnKindsCarryNoKeyword() {
    assertThat(ContractViolation.notAllowed("debug"))
        .isEqualTo(new ContractViolation(Kind.NOT_ALLOWED, In.QUERY, "debug", "", null));
    assertThat(ContractViolation.contentType()).isEqualTo(new ContractViolation(Kind.CONTENT_TYPE, In.BODY, "", "",
        null));
    assertThat(ContractViolation.missingBody().kind()).isEqualTo(Kind.MISSING_BODY);
    assertThat(ContractViolation.malformedBody().kind()).isEqualTo(Kind.MALFORMED_BODY);
    assertThatThrownBy(() -> new ContractViolation(Kind.MISSING_BODY, In.BODY, "", "", "required"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContractViolation(Kind.SCHEMA, In.BODY, "", "", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
