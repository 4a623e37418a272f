package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.TestStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keygate started as a user starts it, on the store of this run: a generated system token is printed once, works, and
 * is never logged.
 */
@EveryStore
class MainProcessTest {

  private static final Pattern TOKEN = Pattern.compile("system token \\(generated, shown only now\\): (\\S+)");
  private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");

  @Test
  void generatedSystemTokenIsPrintedOnceAndWorks() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("KEYGATE_HTTP_PORT", "0", "KEYGATE_VERTICLE_INSTANCES", "1"));
    // the store of this run, set the way an operator sets it: in the environment
    TestStore.configuration().forEach(setting -> env.put(setting.getKey(), String.valueOf(setting.getValue())));
    Process process = ChildJvm.start(Main.class.getName(), env, List.of(), List.of());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String token = null;
      int port = -1;
      StringBuilder stdout = new StringBuilder();
      String line;
      while (port < 0 && (line = out.readLine()) != null) {
        stdout.append(line).append('\n');
        Matcher t = TOKEN.matcher(line);
        if (t.find()) {
          token = t.group(1);
        }
        Matcher p = PORT.matcher(line);
        if (p.find()) {
          port = Integer.parseInt(p.group(1));
        }
      }
      assertThat(token).as(stdout.toString()).isNotNull();
      assertThat(port).as(stdout.toString()).isPositive();

      HttpClient client = HttpClient.newHttpClient();
      String body = "{\"instanceName\":\"main\",\"machine\":{\"userName\":\"a\",\"name\":\"b\"}}";
      HttpResponse<String> created = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/system/v1/instances/_create"))
          .header("authorization", "Bearer " + token).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      HttpResponse<String> refused = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/system/v1/instances/_create"))
          .header("authorization", "Bearer wrong").header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);

      process.toHandle().destroy(); // SIGTERM without closing our end of the pipes (Process.destroy would)
      for (String rest = out.readLine(); rest != null; rest = out.readLine()) {
        stdout.append(rest).append('\n');
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String everything = stdout.toString();
      assertThat(everything.split(Pattern.quote(token), -1)).as("the token appears exactly once").hasSize(2);
    } finally {
      process.destroyForcibly();
    }
  }
}
