package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The system API: instance creation (the seed) with its error matrix, get, search and removal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
class SystemApiTest {

  private static final String CREATE = "/system/v1/instances/_create";
  private TestGateway gateway;
  private Http http;

  @BeforeAll
  void start() {
    gateway = TestGateway.start();
    http = gateway.http();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private Response create(JsonObject body) {
    return http.post(CREATE, TestGateway.SYSTEM_TOKEN, body);
  }

  private static JsonObject machine() {
    return new JsonObject().put("userName", "admin").put("name", "Admin");
  }

  private static JsonObject human() {
    return new JsonObject()
        .put("email", new JsonObject().put("email", "ada@example.com").put("isEmailVerified", true))
        .put("profile", new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace"))
        .put("password", new JsonObject().put("password", "Correct-Horse-9"));
  }

  @Test
  void machineOwnerGetsAWorkingPatAndAKeyFile() throws Exception {
    Response response = create(new JsonObject().put("instanceName", "Acme Corp")
        .put("machine", machine().put("personalAccessToken", new JsonObject())
            .put("machineKey", new JsonObject().put("type", "KEY_TYPE_JSON"))));

    assertThat(response.status()).isEqualTo(200);
    JsonObject json = response.json();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("instanceId", "details", "pat", "machineKey");
    assertThat(json.getJsonObject("details").fieldNames()).containsExactlyInAnyOrder("sequence", "creationDate",
        "resourceOwner");
    assertThat(json.getJsonObject("details").getString("resourceOwner")).isNotEqualTo(json.getString("instanceId"));

    // the PAT authenticates at the management API of this instance
    assertThat(http.post("/management/v1/projects", json.getString("pat"), new JsonObject().put("name", "p")).status())
        .isEqualTo(200);

    // the key file is ZITADEL's: std base64 of JSON with a PKCS#1 RSA-2048 private key
    JsonObject keyFile = new JsonObject(new String(Base64.getDecoder().decode(json.getString("machineKey"))));
    assertThat(keyFile.fieldNames()).containsExactlyInAnyOrder("type", "keyId", "key", "expirationDate", "userId");
    assertThat(keyFile.getString("type")).isEqualTo("serviceaccount");
    assertThat(keyFile.getString("keyId")).matches("[0-9]{18}");
    assertThat(keyFile.getString("expirationDate")).isEqualTo("9999-12-31T23:59:59Z");
    RSAPrivateCrtKey key = parsePkcs1(keyFile.getString("key"));
    assertThat(key.getModulus().bitLength()).isEqualTo(2048);
  }

  /** Reads a PKCS#1 "RSA PRIVATE KEY" with a DER walk written for the test, independent of Keygate's code. */
  private static RSAPrivateCrtKey parsePkcs1(String pem) throws Exception {
    assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    int[] pos = {0};
    readHeader(der, pos, 0x30);
    BigInteger[] fields = new BigInteger[9];
    for (int i = 0; i < 9; i++) {
      int length = readHeader(der, pos, 0x02);
      byte[] value = Arrays.copyOfRange(der, pos[0], pos[0] + length);
      pos[0] += length;
      fields[i] = new BigInteger(value);
    }
    assertThat(fields[0]).isEqualTo(BigInteger.ZERO); // version
    return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
        fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8]));
  }

  private static int readHeader(byte[] der, int[] pos, int tag) {
    assertThat(der[pos[0]++] & 0xff).isEqualTo(tag);
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[pos[0]++] & 0xff);
    }
    return length;
  }

  @Test
  void humanOwnerGetsNeitherPatNorKey() {
    Response response = create(new JsonObject().put("instanceName", "Humans").put("human", human()));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().fieldNames()).containsExactlyInAnyOrder("instanceId", "details");
  }

  @Test
  void instanceShowsItsGeneratedAndCustomDomains() {
    String custom = "login-" + System.nanoTime() + ".example.com";
    String id = create(new JsonObject().put("instanceName", "Acme Corp").put("customDomain", custom)
        .put("machine", machine())).json().getString("instanceId");

    JsonObject instance = http.get("/system/v1/instances/" + id, TestGateway.SYSTEM_TOKEN).json()
        .getJsonObject("instance");

    assertThat(instance.getString("id")).isEqualTo(id);
    assertThat(instance.getString("name")).isEqualTo("Acme Corp");
    assertThat(instance.getString("state")).isEqualTo("STATE_RUNNING");
    JsonArray domains = instance.getJsonArray("domains");
    assertThat(domains).hasSize(2);
    assertThat(domains.getJsonObject(0).getString("domain")).matches("acme-corp-[a-z0-9]{6}\\.localhost");
    assertThat(domains.getJsonObject(0).getBoolean("generated")).isTrue();
    assertThat(domains.getJsonObject(0).containsKey("primary")).isFalse();
    assertThat(domains.getJsonObject(1).getString("domain")).isEqualTo(custom);
    assertThat(domains.getJsonObject(1).getBoolean("primary")).isTrue();
  }

  @Test
  void aTakenCustomDomainConflicts() {
    String custom = "taken-" + System.nanoTime() + ".example.com";
    assertThat(create(new JsonObject().put("instanceName", "first").put("customDomain", custom)
        .put("machine", machine())).status()).isEqualTo(200);

    assertError(create(new JsonObject().put("instanceName", "second").put("customDomain", custom.toUpperCase())
        .put("machine", machine())), 409, 6, "Errors.Instance.Domain.AlreadyExists", "INST-i2nl");
  }

  @Test
  void customDomainWithForbiddenCharactersIsInvalid() {
    assertPlainError(create(new JsonObject().put("instanceName", "x").put("customDomain", "bad domain!")
        .put("machine", machine())), 400, 3,
        "invalid CreateInstanceRequest.CustomDomain: value does not match regex pattern \"^[a-zA-Z0-9.\\-]+$\"");
  }

  @Test
  void ownerIsRequired() {
    assertPlainError(create(new JsonObject().put("instanceName", "x")), 400, 3,
        "invalid CreateInstanceRequest.Owner: value is required");
  }

  @Test
  void instanceNameMustHaveOneToTwoHundredCharacters() {
    String message =
        "invalid CreateInstanceRequest.InstanceName: value length must be between 1 and 200 runes, inclusive";
    assertPlainError(create(new JsonObject().put("instanceName", "").put("machine", machine())), 400, 3, message);
    assertPlainError(create(new JsonObject().put("instanceName", "n".repeat(201)).put("machine", machine())), 400, 3,
        message);
    assertPlainError(create(new JsonObject().put("machine", machine())), 400, 3, message);
    assertThat(create(new JsonObject().put("instanceName", "n".repeat(200)).put("machine", machine())).status())
        .isEqualTo(200);
  }

  @Test
  void theFirstViolationInFieldOrderIsReported() {
    // instanceName (field 1) comes before the owner (fields 4/5), as protoc-gen-validate checks them
    assertPlainError(create(new JsonObject().put("instanceName", "")), 400, 3,
        "invalid CreateInstanceRequest.InstanceName: value length must be between 1 and 200 runes, inclusive");
  }

  @Test
  void humanEmailIsRequiredAndMustBeAnAddress() {
    assertPlainError(create(new JsonObject().put("instanceName", "x").put("human", new JsonObject())), 400, 3,
        "invalid CreateInstanceRequest.Human: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_Human.Email: value is required");
    assertPlainError(create(new JsonObject().put("instanceName", "x")
            .put("human", human().put("email", new JsonObject().put("email", "not-an-address")))), 400, 3,
        "invalid CreateInstanceRequest.Human: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_Human.Email: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_Email.Email: value must be a valid email address | caused by: "
            + "mail: missing '@' or angle-addr");
  }

  @Test
  void anEmptyEmailIsALengthErrorNotACrash() {
    // vertx-json-schema 5.0.10 throws on format "email" with "": the compiled validator must answer 400
    assertPlainError(create(new JsonObject().put("instanceName", "x")
            .put("human", human().put("email", new JsonObject().put("email", "")))), 400, 3,
        "invalid CreateInstanceRequest.Human: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_Human.Email: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_Email.Email: value length must be between 1 and 200 runes, inclusive");
  }

  @Test
  void humanOwnerNeedsFirstAndLastName() {
    JsonObject noFirst = human().put("profile", new JsonObject().put("lastName", "Lovelace"));
    JsonObject noLast = human().put("profile", new JsonObject().put("firstName", "Ada"));
    assertError(create(new JsonObject().put("instanceName", "x").put("human", noFirst)), 400, 3,
        "Given name in profile is empty", "USER-UCej2");
    assertError(create(new JsonObject().put("instanceName", "x").put("human", noLast)), 400, 3,
        "Family name in profile is empty", "USER-4hB7d");
  }

  @Test
  void machineKeyTypeMustBeSpecified() {
    String message = "invalid CreateInstanceRequest.Machine: embedded message failed validation | caused by: "
        + "invalid CreateInstanceRequest_Machine.MachineKey: embedded message failed validation | caused by: "
        + "invalid CreateInstanceRequest_MachineKey.Type: value must not be in list [KEY_TYPE_UNSPECIFIED]";
    assertPlainError(create(new JsonObject().put("instanceName", "x").put("machine", machine()
        .put("machineKey", new JsonObject().put("type", "KEY_TYPE_UNSPECIFIED")))), 400, 3, message);
    assertPlainError(create(new JsonObject().put("instanceName", "x").put("machine", machine()
        .put("machineKey", new JsonObject()))), 400, 3, message);
    assertPlainError(create(new JsonObject().put("instanceName", "x").put("machine", machine()
            .put("machineKey", new JsonObject().put("type", "KEY_TYPE_PEM")))), 400, 3,
        "invalid CreateInstanceRequest.Machine: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_Machine.MachineKey: embedded message failed validation | caused by: "
            + "invalid CreateInstanceRequest_MachineKey.Type: value must be one of the defined enum values");
  }

  @Test
  void expirationInThePastIsRefusedAndBadTimestampsAreDecodeErrors() {
    String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).toString();
    assertError(create(new JsonObject().put("instanceName", "x").put("machine", machine()
            .put("personalAccessToken", new JsonObject().put("expirationDate", yesterday)))), 400, 3,
        "Errors.AuthNKey.ExpireBeforeNow", "DOMAIN-dv3t5");
    assertPlainError(create(new JsonObject().put("instanceName", "x").put("machine", machine()
            .put("personalAccessToken", new JsonObject().put("expirationDate", "tomorrow")))), 400, 3,
        "proto: invalid google.protobuf.Timestamp value \"tomorrow\"");
  }

  @Test
  void systemTokenIsRequired() {
    assertPlainError(http.post(CREATE, null, new JsonObject().put("instanceName", "")), 401, 16, "auth header missing");
    assertError(http.post(CREATE, "wrong", new JsonObject().put("instanceName", "x").put("machine", machine())),
        401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  @Test
  void aPatIsNotASystemToken() {
    String pat = create(new JsonObject().put("instanceName", "x")
        .put("machine", machine().put("personalAccessToken", new JsonObject()))).json().getString("pat");
    assertError(http.get("/system/v1/instances/123456789012345678", pat), 401, 16, "Errors.Token.Invalid",
        "AUTH-7fs1e");
  }

  @Test
  void unknownInstanceIsNotFound() {
    assertError(http.get("/system/v1/instances/123456789012345678", TestGateway.SYSTEM_TOKEN), 404, 5,
        "Instance not found", "QUERY-n0wng");
    assertError(http.delete("/system/v1/instances/123456789012345678", TestGateway.SYSTEM_TOKEN), 404, 5,
        "Instance not found", "QUERY-n0wng");
  }

  @Test
  void searchPagesNewestFirstByDefault() {
    String first = create(new JsonObject().put("instanceName", "page-a").put("machine", machine())).json()
        .getString("instanceId");
    String second = create(new JsonObject().put("instanceName", "page-b").put("machine", machine())).json()
        .getString("instanceId");

    JsonObject page = http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN,
        new JsonObject().put("query", new JsonObject().put("limit", 2))).json();
    assertThat(Long.parseLong(page.getJsonObject("details").getString("totalResult"))).isGreaterThanOrEqualTo(2);
    assertThat(page.getJsonArray("result")).hasSize(2);
    assertThat(page.getJsonArray("result").getJsonObject(0).getString("id")).isEqualTo(second);
    assertThat(page.getJsonArray("result").getJsonObject(1).getString("id")).isEqualTo(first);

    JsonObject ascending = http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN,
        new JsonObject().put("query", new JsonObject().put("asc", true).put("limit", 1000))).json();
    var ids = ascending.getJsonArray("result").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    assertThat(ids.indexOf(first)).isLessThan(ids.indexOf(second));
    assertThat(http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, null).status()).isEqualTo(200);
  }

  @Test
  void removingAnInstanceStopsItsCredentialsAndFreesItsDomain() {
    String custom = "gone-" + System.nanoTime() + ".example.com";
    JsonObject created = create(new JsonObject().put("instanceName", "gone").put("customDomain", custom)
        .put("machine", machine().put("personalAccessToken", new JsonObject()))).json();
    String pat = created.getString("pat");
    assertThat(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")).status()).isEqualTo(200);

    Response removed = http.delete("/system/v1/instances/" + created.getString("instanceId"), TestGateway.SYSTEM_TOKEN);

    assertThat(removed.status()).isEqualTo(200);
    assertThat(Long.parseLong(removed.json().getJsonObject("details").getString("sequence")))
        .isGreaterThan(Long.parseLong(created.getJsonObject("details").getString("sequence")));
    assertError(http.post("/management/v1/projects", pat, new JsonObject().put("name", "p")), 401, 16,
        "Errors.Token.Invalid", "AUTH-7fs1e");
    assertThat(create(new JsonObject().put("instanceName", "again").put("customDomain", custom)
        .put("machine", machine())).status()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAnswerLikeZitadelsGateway() {
    assertPlainError(http.get("/system/v1/nothing-here", TestGateway.SYSTEM_TOKEN), 404, 5, "Not Found");
    assertPlainError(http.send("PATCH", CREATE, Http.bearer(TestGateway.SYSTEM_TOKEN), null, null), 405, 12,
        "Method Not Allowed");
  }

  @Test
  void bothOwnersAtOnceAreRejected() {
    Response response = create(new JsonObject().put("instanceName", "x").put("machine", machine()).put("human",
        human()));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("message")).contains("owner is already set");
    assertThat(Map.of("code", 3)).containsEntry("code", response.json().getInteger("code"));
  }
}
