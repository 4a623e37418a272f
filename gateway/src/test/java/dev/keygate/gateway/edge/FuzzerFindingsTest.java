package dev.keygate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers the contract fuzzer found wrong after the edge policy: requests without a Host, broken percent escapes in
 * the path, and a 200-character password. Each is a client's request that must get a 4xx (or a 200) in the surface's
 * shape, with no ERROR line.
 */
class FuzzerFindingsTest extends GatewayTest {

  private ErrorLog log;

  @BeforeEach
  void watchLog() {
    log = new ErrorLog();
  }

  @AfterEach
  void noErrorWasLogged() {
    log.close();
    assertThat(log.errors()).as("client errors are not Keygate's faults").isEmpty();
  }

  @Test
  void anHttp11RequestWithoutHostIs400InTheSurfacesShape() throws Exception {
    String zitadel = RawHttp.exchange(gateway.port(), "POST /management/v1/projects HTTP/1.1\r\n"
        + "authorization: Bearer " + acme.pat() + "\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n"
        + "{\"name\":\"x\"}");
    assertThat(zitadel).startsWith("HTTP/1.1 400").contains("\"code\":3");
    String oauth = RawHttp.exchange(gateway.port(), "GET /oauth/v2/keys HTTP/1.1\r\n\r\n");
    assertThat(oauth).startsWith("HTTP/1.1 400").contains("\"error\":\"invalid_request\"");
    assertThat(http.get("/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void brokenPercentEscapesInThePathAreRefusedWithoutAnUnhandledError() throws Exception {
    String[][] cases = {
        {"/system/v1/instances/1%%41", dev.keygate.gateway.testing.TestGateway.SYSTEM_TOKEN, "\"code\":3"},
        {"/management/v1/projects/1%zz", acme.pat(), "\"code\":3"},
        {"/management/v1/projects/1%G0/apps/_search", acme.pat(), "\"code\":3"},
        {"/management/v1/projects/1?q=%", acme.pat(), "\"code\":3"},
        {"/api/ecosystems/abc%", acme.pat(), "\"error\":\"BadRequest\""},
        {"/ccadmin/v1/applicationIds/%/k", acme.pat(), "\"errorCode\""},
        {"/oauth/v2/keys?q=%u0041", acme.pat(), "\"error\":\"invalid_request\""}};
    for (String[] c : cases) {
      String answer = RawHttp.exchange(gateway.port(), "GET " + c[0] + " HTTP/1.1\r\nhost: localhost\r\n"
          + "authorization: Bearer " + c[1] + "\r\n\r\n");
      assertThat(answer).as(c[0]).startsWith("HTTP/1.1 400").contains(c[2]);
    }
    assertThat(http.get("/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void aPasswordOfTheContractsFullLengthIsAccepted() {
    Response created = http.post("/management/v1/users/human", acme.pat(), new JsonObject()
        .put("userName", "long-password")
        .put("profile", new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace"))
        .put("email", new JsonObject().put("email", "ada@example.com"))
        .put("initialPassword", "😀".repeat(200)));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
  }
}
