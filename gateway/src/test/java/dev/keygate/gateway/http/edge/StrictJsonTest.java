package dev.keygate.gateway.http.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Where a body's JSON breaks, counted as protojson counts for ZITADEL's {@code (line L:C)}: lines at {@code \n},
 * columns in characters from 1, pointing at the character that broke the syntax (or just past the end of a body
 * that stops too early).
 */
class StrictJsonTest {

  private final StrictJson json = new StrictJson(3);

  private MalformedBodyException refusal(String body) {
    MalformedBodyException refused = catchThrowableOfType(MalformedBodyException.class,
        () -> json.decode(Buffer.buffer(body)));
    assertThat(refused).as("%s is refused", body).isNotNull();
    return refused;
  }

  private JsonPosition position(String body) {
    return refusal(body).position();
  }

  @Test
  void aSyntaxErrorIsPlacedOnItsLineAndColumn() {
    assertThat(position("{\n  \"name\": \"x\",\n}")).isEqualTo(new JsonPosition(3, 1));
    assertThat(position("{\n  \"name\": \"x\"\n  \"type\": 1\n}")).isEqualTo(new JsonPosition(3, 3));
    assertThat(position("{\n  \"name\" \"x\"\n}")).isEqualTo(new JsonPosition(2, 10));
    assertThat(position("{\n  \"name\": tru,\n  \"type\": 1\n}")).isEqualTo(new JsonPosition(2, 11));
    assertThat(position("{\"name\":\"x\",}")).isEqualTo(new JsonPosition(1, 13));
  }

  @Test
  void aBodyThatStopsTooEarlyIsPlacedJustPastItsEnd() {
    assertThat(position("{\n  \"name\": \"x")).isEqualTo(new JsonPosition(2, 13));
    assertThat(position("{\"name\":\"x\",")).isEqualTo(new JsonPosition(1, 13));
    assertThat(position("  \n  ")).isEqualTo(new JsonPosition(2, 3));
  }

  /** Jackson's own column counts bytes: "é" and "ü" are two each, and its column here would be 13. */
  @Test
  void columnsCountCharactersNotBytes() {
    assertThat(position("{\"é\": \"ü\",}")).isEqualTo(new JsonPosition(1, 11));
    assertThat(position("{\"\uD83D\uDE00\": 1,}")).isEqualTo(new JsonPosition(1, 9));
  }

  @Test
  void aCarriageReturnBeforeTheNewlineStaysOnItsLine() {
    assertThat(position("{\r\n  \"a\": 1,\r\n}")).isEqualTo(new JsonPosition(3, 1));
  }

  @Test
  void aSecondValueIsPlacedWhereItStarts() {
    assertThat(position("{\"a\": 1}\n\n  {\"b\": 2}")).isEqualTo(new JsonPosition(3, 3));
  }

  @Test
  void nestingOverTheLimitIsPlacedAtTheBracketThatGoesTooDeep() {
    assertThat(position("{\"a\":\n  [[[1]]]}")).isEqualTo(new JsonPosition(2, 5));
  }

  @Test
  void aStringThatCannotBeStoredIsPlacedWhereItStarts() {
    assertThat(position("{\n  \"a\": \"ok\",\n  \"b\": \"x\\u0000y\"\n}")).isEqualTo(new JsonPosition(3, 8));
    assertThat(position("{\n  \"a\\u0000\": 1\n}")).isEqualTo(new JsonPosition(2, 3));
    assertThat(position("{\n  \"b\": [\"\\ud800\"]\n}")).isEqualTo(new JsonPosition(2, 9));
  }

  @Test
  void aRepeatedKeyIsNamedAndPlaced() {
    MalformedBodyException refused = refusal("{\n  \"a\": 1,\n  \"a\": 2\n}");

    assertThat(refused.duplicateKey()).isEqualTo("a");
    assertThat(refused.position().line()).isEqualTo(3);
  }

  @Test
  void validJsonDecodes() {
    assertThat(json.decode(Buffer.buffer("{\n  \"name\": \"é\"\n}"))).isEqualTo(new JsonObject().put("name", "é"));
  }

  @Test
  void theMessageNeverQuotesTheBody() {
    assertThat(refusal("{\"secret\": \"hunter2\",}").getMessage()).isEqualTo("the request body is not valid JSON");
  }
}
