package dev.keygate.gateway.zitadel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The running gateway serves each contract it was built from, byte for byte, and a health check. */
@EveryStore
class ServedContractsTest {

  @Test
  void contractsAreServedAsPackaged() throws Exception {
    try (TestGateway gateway = TestGateway.start()) {
      Http http = gateway.http();
      for (String surface : new String[] {"zitadel-system", "zitadel-management", "droplit"}) {
        Response response = http.send("GET", "/openapi/" + surface + ".yaml", Map.of(), null, null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("application/yaml");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/" + surface + ".yaml")) {
          assertThat(response.body()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      assertThat(http.send("GET", "/openapi/nope.yaml", Map.of(), null, null).status()).isEqualTo(404);
      assertThat(http.send("GET", "/healthz", Map.of(), null, null).body()).contains("UP");
      assertThat(http.send("GET", "/elsewhere", Map.of(), null, null).status()).isEqualTo(404);
    }
  }
}
