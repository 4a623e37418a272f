package dev.keygate.gateway.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.http.edge.UriText.Verdict;
import org.junit.jupiter.api.Test;

class UriTextTest {

  @Test
  void plainAndWellEscapedUrisAreClean() {
    for (String uri : new String[] {"/management/v1/projects/1?a=b&c=%20d", "/a%41%7e", "/caf%C3%A9", "/%F0%9F%98%80",
        "/caf\u00e9", "/\uFFFD", ""}) {
      assertThat(UriText.check(uri)).as(uri).isEqualTo(Verdict.CLEAN);
    }
  }

  @Test
  void brokenEscapesAreBadEscapes() {
    for (String uri : new String[] {"/a%", "/a%4", "/a%G1", "/a%4g", "/%%41"}) {
      assertThat(UriText.check(uri)).as(uri).isEqualTo(Verdict.BAD_ESCAPE);
    }
  }

  @Test
  void controlCharactersAndInvalidUtf8AreInvalid() {
    for (String uri : new String[] {"/a%00", "/a%1F", "/a%7F", "/a\u0001", "/a\u007f", "/a%C3", "/a%C3%28",
        "/a%ED%A0%80", "/a%FF", "/a%80", "/caf\u00e9%C3"}) {
      assertThat(UriText.check(uri)).as(uri).isEqualTo(Verdict.INVALID);
    }
  }
}
