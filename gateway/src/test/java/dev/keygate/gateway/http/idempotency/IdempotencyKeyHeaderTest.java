package dev.keygate.gateway.http.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Idempotency-Key header as RFC 8941 sf-string, with the bare value clients often send. */
class IdempotencyKeyHeaderTest {

  @Test
  void readsQuotedStringsWithEscapesAndParameters() {
    assertThat(IdempotencyKeyHeader.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
        .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
    assertThat(IdempotencyKeyHeader.parse("  \"a b\"  ")).isEqualTo("a b");
    assertThat(IdempotencyKeyHeader.parse("\"say \\\"hi\\\" \\\\ bye\"")).isEqualTo("say \"hi\" \\ bye");
    assertThat(IdempotencyKeyHeader.parse("\"k\";created=1")).isEqualTo("k");
  }

  @Test
  void readsABareValueAsTheSameKey() {
    assertThat(IdempotencyKeyHeader.parse("8e03978e-40d5")).isEqualTo("8e03978e-40d5");
    assertThat(IdempotencyKeyHeader.parse("8e03978e-40d5")).isEqualTo(IdempotencyKeyHeader.parse("\"8e03978e-40d5\""));
  }

  @Test
  void refusesWhatIsNotOneStringOfPrintableAsciiUpTo255() {
    assertThat(IdempotencyKeyHeader.parse("\"" + "x".repeat(255) + "\"")).hasSize(255);
    assertThat(IdempotencyKeyHeader.parse("x".repeat(255))).hasSize(255);
    for (String bad : new String[] {"", "\"\"", "\"" + "x".repeat(256) + "\"", "x".repeat(256), "\"open", "\"a\\b\"",
        "\"a\" junk", "\"a\", \"b\"", "a b", "a,b", "a;b", "\"tab\there\"", "\"caf\u00e9\"", "caf\u00e9", "\"\\\""}) {
      assertThat(IdempotencyKeyHeader.parse(bad)).as(bad).isNull();
    }
  }
}
