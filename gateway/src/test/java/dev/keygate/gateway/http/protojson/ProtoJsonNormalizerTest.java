package dev.keygate.gateway.http.protojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.testing.SingleStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * protojson's reading rules, one by one, on a schema that has every kind, and on the real ZITADEL contracts: their
 * canonical bodies (what protobuf's JsonFormat prints) come out as the very same objects.
 */
@SingleStore
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtoJsonNormalizerTest {

  private static final JsonObject SCHEMA = new JsonObject("""
      {"type": "object", "properties": {
        "userName": {"type": "string"},
        "authMethodType": {"type": "string", "enum": ["BASIC", "PRIVATE_KEY_JWT"]},
        "state": {"type": "string", "enum": ["ACTIVE", "GONE"], "x-proto-enum-numbers": [1, 5]},
        "roles": {"type": "array", "items": {"type": "string", "x-proto-type": "string", "enum": ["OWNER"]}},
        "types": {"type": "array", "items": {"type": "string", "enum": ["A", "B"]}},
        "limit": {"type": "integer", "format": "uint32"},
        "delta": {"type": "integer", "format": "int32"},
        "offset": {"type": "string", "format": "uint64"},
        "balance": {"type": "string", "format": "int64"},
        "expirationDate": {"type": "string", "format": "date-time"},
        "publicKey": {"type": "string", "format": "byte"},
        "nested": {"type": "object", "properties": {"isEmailVerified": {"type": "boolean"}}}
      }}""");

  private final ProtoJsonNormalizer normalizer = ProtoJsonNormalizer.compile(SCHEMA, Function.identity());
  private Vertx vertx;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  private Object read(String json) {
    return normalizer.normalize(new JsonObject(json));
  }

  private Object field(String name, Object value) {
    return ((JsonObject) normalizer.normalize(new JsonObject().put(name, value))).getValue(name);
  }

  private void refused(String json, String message) {
    assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(ProtoJsonException.class, e -> {
      assertThat(e.text()).isEqualTo(message);
      assertThat(e.getMessage()).as("what Vert.x logs quotes no value").doesNotContain(":");
    });
  }

  @Test
  void protoNamesAreReadAsJsonNamesAtEveryLevel() {
    assertThat(read("{\"user_name\": \"a\", \"auth_method_type\": \"BASIC\", "
        + "\"nested\": {\"is_email_verified\": true}}"))
        .isEqualTo(new JsonObject("{\"userName\": \"a\", \"authMethodType\": \"BASIC\", "
            + "\"nested\": {\"isEmailVerified\": true}}"));
  }

  @Test
  void nullIsAnUnsetFieldOfAnyKind() {
    assertThat(read("{\"userName\": null, \"nested\": null, \"roles\": null, \"limit\": null, \"offset\": null}"))
        .isEqualTo(new JsonObject());
    assertThat(read("{\"nested\": {\"is_email_verified\": null}}")).isEqualTo(new JsonObject("{\"nested\": {}}"));
  }

  @Test
  void unknownFieldsAreLeftForTheValidatorToIgnore() {
    assertThat(read("{\"user_name\": \"a\", \"somethingElse\": 5}"))
        .isEqualTo(new JsonObject("{\"userName\": \"a\", \"somethingElse\": 5}"));
  }

  @Test
  void aFieldGivenTwiceIsRefusedAsProtojsonRefusesIt() {
    refused("{\"authMethodType\": \"BASIC\", \"auth_method_type\": 1}", "duplicate field \"auth_method_type\"");
    refused("{\"user_name\": \"a\", \"userName\": \"b\"}", "duplicate field \"userName\"");
    refused("{\"nested\": {\"isEmailVerified\": true, \"is_email_verified\": null}}",
        "duplicate field \"is_email_verified\"");
  }

  @Test
  void enumsByNameOrNumber() {
    assertThat(field("authMethodType", 1)).isEqualTo("PRIVATE_KEY_JWT");
    assertThat(field("authMethodType", 0)).isEqualTo("BASIC");
    assertThat(field("authMethodType", 1.0)).isEqualTo("PRIVATE_KEY_JWT");
    assertThat(field("authMethodType", "FOO")).as("names are the contract's to check").isEqualTo("FOO");
    assertThat(field("state", 5)).isEqualTo("GONE");
    assertThat(field("types", new JsonArray().add(1).add("A"))).isEqualTo(new JsonArray().add("B").add("A"));
  }

  @Test
  void enumNumbersOutsideTheEnumFailTheEnumNotTheDecoding() {
    assertThat(field("authMethodType", 7)).isEqualTo("7");
    assertThat(field("authMethodType", -1)).isEqualTo("-1");
    assertThat(field("state", 0)).isEqualTo("0");
    refused("{\"authMethodType\": 1.5}", "invalid value for enum field authMethodType: 1.5");
    refused("{\"authMethodType\": 4294967296}", "invalid value for enum field authMethodType: 4294967296");
    refused("{\"authMethodType\": true}", "invalid value for enum field authMethodType: true");
  }

  @Test
  void aStringLimitedToSomeValuesIsNoEnum() {
    assertThat(field("roles", new JsonArray().add("OWNER").add("NOT_LISTED"))).as("names are the contract's to check")
        .isEqualTo(new JsonArray().add("OWNER").add("NOT_LISTED"));
    refused("{\"roles\": [\"OWNER\", 0]}", "invalid value for string field roles: 0");
  }

  @Test
  void stringsAndBoolsTakeOnlyTheirJsonType() {
    refused("{\"userName\": 5}", "invalid value for string field userName: 5");
    refused("{\"user_name\": true}", "invalid value for string field userName: true");
    refused("{\"nested\": {\"isEmailVerified\": \"yes\"}}", "invalid value for bool field isEmailVerified: \"yes\"");
    refused("{\"nested\": {\"isEmailVerified\": 1}}", "invalid value for bool field isEmailVerified: 1");
    assertThat(read("{\"nested\": 5}")).as("a message of the wrong type is the validator's")
        .isEqualTo(new JsonObject("{\"nested\": 5}"));
  }

  @Test
  void integersAsNumbersOrStrings() {
    assertThat(field("limit", "5")).isEqualTo(5);
    assertThat(field("limit", 5.0)).isEqualTo(5);
    assertThat(field("limit", "1e2")).isEqualTo(100);
    assertThat(field("limit", "4294967295")).isEqualTo(4294967295L);
    assertThat(field("delta", "-2147483648")).isEqualTo(Integer.MIN_VALUE);
    assertThat(field("offset", 0)).isEqualTo("0");
    assertThat(field("offset", "18446744073709551615")).isEqualTo("18446744073709551615");
    assertThat(field("offset", new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
    assertThat(field("offset", "2.0")).isEqualTo("2");
    assertThat(field("balance", -5)).isEqualTo("-5");
  }

  @Test
  void integersOutOfRangeFractionalOrNotNumbersAreRefused() {
    refused("{\"limit\": 4294967296}", "invalid value for uint32 field limit: 4294967296");
    refused("{\"limit\": -1}", "invalid value for uint32 field limit: -1");
    refused("{\"limit\": 2.5}", "invalid value for uint32 field limit: 2.5");
    refused("{\"limit\": \"5.5\"}", "invalid value for uint32 field limit: \"5.5\"");
    refused("{\"limit\": \" 5\"}", "invalid value for uint32 field limit: \" 5\"");
    refused("{\"limit\": \"0x10\"}", "invalid value for uint32 field limit: \"0x10\"");
    refused("{\"limit\": true}", "invalid value for uint32 field limit: true");
    refused("{\"delta\": 2147483648}", "invalid value for int32 field delta: 2147483648");
    refused("{\"offset\": \"-1\"}", "invalid value for uint64 field offset: \"-1\"");
    refused("{\"offset\": \"18446744073709551616\"}",
        "invalid value for uint64 field offset: \"18446744073709551616\"");
    refused("{\"balance\": \"1e1000000000\"}", "invalid value for int64 field balance: \"1e1000000000\"");
    refused("{\"balance\": \"1e99999999999\"}", "invalid value for int64 field balance: \"1e99999999999\"");
  }

  @Test
  void timestampsWithAnyOffsetBecomeUtc() {
    assertThat(field("expirationDate", "2099-01-01T02:00:00+02:00")).isEqualTo("2099-01-01T00:00:00Z");
    assertThat(field("expirationDate", "2098-12-31T19:30:00.5-04:30")).isEqualTo("2099-01-01T00:00:00.500Z");
    refused("{\"expirationDate\": \"2099-01-01t00:00:00z\"}",
        "invalid google.protobuf.Timestamp value \"2099-01-01t00:00:00z\"");
    refused("{\"expirationDate\": \"2099-01-01T00:00:00.1234567890Z\"}",
        "invalid google.protobuf.Timestamp value \"2099-01-01T00:00:00.1234567890Z\"");
    refused("{\"expirationDate\": \"2099-02-30T00:00:00Z\"}",
        "invalid google.protobuf.Timestamp value \"2099-02-30T00:00:00Z\"");
    refused("{\"expirationDate\": \"0000-12-31T23:00:00Z\"}",
        "google.protobuf.Timestamp value out of range: \"0000-12-31T23:00:00Z\"");
    refused("{\"expirationDate\": 5}", "syntax error: unexpected token 5");
  }

  @Test
  void bytesInStandardOrUrlSafeBase64WithOrWithoutPadding() {
    String standard = "+/+/AA==";
    assertThat(field("publicKey", "-_-_AA")).isEqualTo(standard);
    assertThat(field("publicKey", "-_-_AA==")).isEqualTo(standard);
    assertThat(field("publicKey", "+/+/AA")).isEqualTo(standard);
    refused("{\"publicKey\": \"QQ=\"}", "invalid value for bytes field publicKey: \"QQ=\"");
    refused("{\"publicKey\": \"+/-_\"}", "invalid value for bytes field publicKey: \"+/-_\"");
    refused("{\"publicKey\": 5}", "invalid value for bytes field publicKey: 5");
  }

  @Test
  void canonicalJsonPassesAsTheSameObject() {
    JsonObject canonical = new JsonObject("""
        {"userName": "a", "authMethodType": "PRIVATE_KEY_JWT", "state": "GONE", "roles": ["OWNER"], "types": ["B"],
         "limit": 5, "delta": -3, "offset": "7", "balance": "-9", "expirationDate": "2099-01-01T00:00:00.123Z",
         "publicKey": "+/+/AA==", "nested": {"isEmailVerified": true}, "unknown": [1]}""");
    JsonObject copy = canonical.copy();
    assertThat(normalizer.normalize(canonical)).isSameAs(canonical);
    assertThat(canonical).isEqualTo(copy);
    assertThat(normalizer.normalize(new JsonArray())).as("not a message: the validator's").isEqualTo(new JsonArray());
  }

  @Test
  void theContractMustNameEveryIntegerKindAndNoEnumNameMayBeANumber() {
    assertThatThrownBy(() -> ProtoJsonNormalizer.compile(new JsonObject(
        "{\"properties\": {\"n\": {\"type\": \"integer\"}}}"), Function.identity()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("format");
    assertThatThrownBy(() -> ProtoJsonNormalizer.compile(new JsonObject(
        "{\"properties\": {\"e\": {\"type\": \"string\", \"enum\": [\"A\", \"7\"]}}}"), Function.identity()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("7");
  }

  @Test
  void everyZitadelBodyCompilesAndItsCanonicalFormPassesUnchanged() throws Exception {
    for (String surface : new String[] {"zitadel-system", "zitadel-management"}) {
      ApiContract contract = ApiContract.load(vertx, surface).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      for (var operation : contract.openApi().operations()) {
        ProtoJsonNormalizer compiled = contract.protoJson(operation.getOperationId());
        assertThat(compiled == null).as(operation.getOperationId())
            .isEqualTo(contract.requestBodySchema(operation.getOperationId()) == null);
      }
    }
    ApiContract system = ApiContract.load(vertx, "zitadel-system").toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    JsonObject create = new JsonObject("""
        {"instanceName": "Acme", "firstOrgName": "Org", "defaultLanguage": "en",
         "machine": {"userName": "u", "name": "n", "personalAccessToken": {"expirationDate": "2099-01-01T00:00:00Z"},
                     "machineKey": {"type": "KEY_TYPE_JSON", "expirationDate": "2099-01-01T00:00:00Z"}}}""");
    assertThat(system.protoJson("CreateInstance").normalize(create)).isSameAs(create);
    JsonObject list = new JsonObject("{\"query\": {\"offset\": \"1\", \"limit\": 5, \"asc\": true}}");
    assertThat(system.protoJson("ListInstances").normalize(list)).isSameAs(list);
    assertThat(system.protoJson("ListInstances")
        .normalize(new JsonObject("{\"query\": {\"offset\": 1, \"limit\": \"5\"}}")))
        .isEqualTo(new JsonObject("{\"query\": {\"offset\": \"1\", \"limit\": 5}}"));
  }
}
