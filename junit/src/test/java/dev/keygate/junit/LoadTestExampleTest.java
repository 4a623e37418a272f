package dev.keygate.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An example of what the extension is for: a small load test of a client, here the JDK's own HTTP client, against
 * an in-process Keygate. It creates API apps, then issues client_credentials tokens, each with a number of requests
 * in flight at once, and prints the throughput. It asserts that every request succeeded, never how fast: the figures
 * depend on the machine and what else runs on it, so they are printed for a person, not checked.
 */
@KeygateTest
class LoadTestExampleTest {

  private static final int REQUESTS = 400;
  private static final int IN_FLIGHT = 16;

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static KeygateServer.Tenant tenant;
  private static String projectId;

  @BeforeAll
  static void aTenantWithAProject(KeygateServer keygate) {
    tenant = keygate.newTenant("load");
    Requests.Answer project = Requests.post(keygate.baseUrl() + "/management/v1/projects", tenant.pat(),
        new JsonObject().put("name", "load"));
    assertThat(project.status()).as(project.body()).isEqualTo(200);
    projectId = project.json().getString("id");
  }

  @Test
  void createsApiAppsConcurrently(KeygateServer keygate) {
    URI apps = URI.create(keygate.baseUrl() + "/management/v1/projects/" + projectId + "/apps/api");

    Map<Integer, Integer> statuses = load("API apps created", i -> HttpRequest.newBuilder(apps)
        .header("authorization", "Bearer " + tenant.pat())
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", "app-" + i).encode()))
        .build());

    assertThat(statuses).isEqualTo(Map.of(200, REQUESTS));
  }

  @Test
  void issuesClientCredentialsTokensConcurrently(KeygateServer keygate) {
    String users = keygate.baseUrl() + "/management/v1/users/";
    Requests.Answer user = Requests.post(users + "machine", tenant.pat(), new JsonObject()
        .put("userName", "load-bot").put("name", "Load bot"));
    assertThat(user.status()).as(user.body()).isEqualTo(200);
    Requests.Answer secret = Requests.put(users + user.json().getString("userId") + "/secret", tenant.pat());
    assertThat(secret.status()).as(secret.body()).isEqualTo(200);
    String basic = Base64.getEncoder().encodeToString(("load-bot:" + URLEncoder.encode(
        secret.json().getString("clientSecret"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    URI token = URI.create(keygate.baseUrl() + "/oauth/v2/token");

    Map<Integer, Integer> statuses = load("client_credentials tokens issued", i -> HttpRequest.newBuilder(token)
        .header("authorization", "Basic " + basic)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=openid"))
        .build());

    assertThat(statuses).isEqualTo(Map.of(200, REQUESTS));
  }

  /**
   * Sends {@link #REQUESTS} requests, {@link #IN_FLIGHT} at a time, prints how many per second were answered, and
   * returns how many got each status (a request that got no answer counts as status 0).
   */
  private static Map<Integer, Integer> load(String what, IntFunction<HttpRequest> request) {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Integer>> answers = new ArrayList<>(REQUESTS);
    long started = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      slots.acquireUninterruptibly();
      answers.add(CLIENT.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding())
          .thenApply(HttpResponse::statusCode)
          .exceptionally(failure -> 0)
          .whenComplete((status, failure) -> slots.release()));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    System.out.printf("[load] %d %s in %d ms with %d in flight: %d requests/s%n", REQUESTS, what, millis, IN_FLIGHT,
        REQUESTS * 1000L / millis);
    Map<Integer, Integer> statuses = new TreeMap<>();
    answers.forEach(answer -> statuses.merge(answer.join(), 1, Integer::sum));
    return statuses;
  }
}
