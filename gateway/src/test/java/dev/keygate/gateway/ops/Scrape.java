package dev.keygate.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import java.util.Map;

/** One reading of {@code /metrics} from a gateway's management port, with the sums of the series asked for. */
record Scrape(String text) {

  static Scrape of(TestGateway gateway) {
    Response response = gateway.management().get("/metrics", null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("text/plain");
    return new Scrape(response.body());
  }

  /** The sum of every sample of {@code name} whose labels include all of {@code labels}; 0 when there is none. */
  double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean all = labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""));
      if (all) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  double sum(String name) {
    return sum(name, Map.of());
  }

  boolean has(String name) {
    return text.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
  }

  double requests(String surface, String operation, String status) {
    return sum("keygate_http_server_requests_seconds_count",
        Map.of("surface", surface, "operation", operation, "status", status));
  }
}
