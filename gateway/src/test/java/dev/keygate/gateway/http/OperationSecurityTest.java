package dev.keygate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.Operation;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which operations need credentials, read from the served contracts: the contract-wide {@code security}, an
 * operation's own {@code security: []} (public) and an alternative {@code {}} (credentials optional).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationSecurityTest {

  private Vertx vertx;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void close() {
    vertx.close();
  }

  @Test
  void oraclesLoginAndRegistryAreTheOnlyOperationsWithoutAnAccessToken() throws Exception {
    Map<String, Boolean> oracle = requirements("oracle-ccadmin");
    assertThat(oracle).hasSize(11).containsEntry("refresh", true).containsEntry("listLocales", true);
    assertThat(oracle.entrySet().stream().filter(operation -> !operation.getValue()).map(Map.Entry::getKey))
        .containsExactly("getRegistry", "login");
  }

  @Test
  void oauthEndpointsTakeOptionalOrNoCredentials() throws Exception {
    assertThat(requirements("oauth").values()).hasSize(5).containsOnly(false);
  }

  @Test
  void everyDroplitAndZitadelOperationNeedsItsToken() throws Exception {
    for (String surface : new String[] {"droplit", "zitadel-system", "zitadel-management"}) {
      assertThat(requirements(surface).values()).as(surface).isNotEmpty().containsOnly(true);
    }
  }

  private Map<String, Boolean> requirements(String surface) throws Exception {
    ApiContract contract = ApiContract.load(vertx, surface).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Map<String, Boolean> needs = new TreeMap<>();
    for (Operation operation : contract.openApi().operations()) {
      needs.put(operation.getOperationId(), OperationSecurity.requiresCredentials(operation));
    }
    return needs;
  }
}
